import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { capabilityParameters } from "@/server/providers/capabilities";
import {
  credentialFieldsOf,
  envKeysOf,
  getProvider,
  type ProviderId,
  providerIdSchema,
  providerIds,
  registry,
} from "@/server/providers/registry";
import {
  authModes,
  type CapabilityCode,
  capabilityCodes,
  type ProviderDefinition,
  providerCategories,
  signatureSchemes,
} from "@/server/providers/types";

const providers: ProviderDefinition[] = Object.values(registry);

/** The contract other code is written against: id → [envPrefix, category, authMode, credential keys]. */
const contract: Record<ProviderId, [string, string, string, string[]]> = {
  stripe: ["STRIPE", "payments", "api_key", ["secretKey", "webhookSigningSecret"]],
  paypal: ["PAYPAL", "payments", "api_key", ["clientId", "clientSecret", "environment", "webhookId"]],
  square: ["SQUARE", "payments", "api_key", ["accessToken", "webhookSignatureKey"]],
  quickbooks: ["QUICKBOOKS", "accounting", "oauth2", []],
  xero: ["XERO", "accounting", "oauth2", []],
  freshbooks: ["FRESHBOOKS", "accounting", "oauth2", []],
  bill_com: [
    "BILL_COM",
    "bill_pay",
    "api_key",
    ["apiKey", "organizationId", "username", "password", "sandboxMode"],
  ],
  melio: ["MELIO", "bill_pay", "api_key", ["apiKey", "accountId"]],
  vic_ai: ["VIC_AI", "bill_pay", "api_key", ["apiKey", "clientId", "clientSecret"]],
  glean_ai: ["GLEAN_AI", "bill_pay", "api_key", ["apiKey", "workspaceId"]],
  zapier: ["ZAPIER", "automation", "webhook_only", ["hookUrl"]],
  make: ["MAKE", "automation", "webhook_only", ["webhookUrl"]],
  n8n: ["N8N", "automation", "webhook_only", ["webhookUrl"]],
  custom_webhook: ["CUSTOM_WEBHOOK", "automation", "webhook_only", ["endpointUrl", "signingSecret"]],
  slack: ["SLACK", "communication", "oauth2", []],
  microsoft_teams: ["TEAMS", "communication", "oauth2", []],
  smtp: ["SMTP", "communication", "basic", ["host", "port", "secure", "username", "password", "fromAddress"]],
  resend: ["RESEND", "communication", "api_key", ["apiKey", "fromAddress"]],
  google_drive: ["GOOGLE_DRIVE", "storage", "oauth2", []],
  dropbox: ["DROPBOX", "storage", "oauth2", []],
  onedrive: ["ONEDRIVE", "storage", "oauth2", []],
  s3: [
    "S3",
    "storage",
    "api_key",
    ["endpoint", "region", "bucket", "accessKeyId", "secretAccessKey", "forcePathStyle"],
  ],
  salesforce: ["SALESFORCE", "crm", "oauth2", []],
  hubspot: ["HUBSPOT", "crm", "oauth2", []],
  pipedrive: ["PIPEDRIVE", "crm", "oauth2", []],
  lem_verify: ["LEM_VERIFY", "identity", "api_key", ["apiKey", "accountId"]],
  companies_house: ["COMPANIES_HOUSE", "data", "api_key", ["apiKey"]],
  gemini: ["GEMINI", "data", "api_key", ["apiKey"]],
};

/** Which providers declare each capability beyond VALIDATE_CREDENTIALS (also a contract). */
const capabilityMatrix: Partial<Record<CapabilityCode, ProviderId[]>> = {
  SEND_INVOICE: ["stripe", "paypal", "square", "quickbooks", "xero", "freshbooks", "custom_webhook"],
  SYNC_INVOICE_STATUS: ["stripe", "paypal", "square", "quickbooks", "xero", "freshbooks", "custom_webhook"],
  RECORD_PAYMENT: ["quickbooks", "xero", "freshbooks", "bill_com", "melio"],
  SYNC_CUSTOMER: [
    "stripe",
    "paypal",
    "square",
    "quickbooks",
    "xero",
    "freshbooks",
    "salesforce",
    "hubspot",
    "pipedrive",
  ],
  SYNC_BILL: ["bill_com", "melio", "vic_ai", "glean_ai"],
  SEND_NOTIFICATION: ["slack", "microsoft_teams", "smtp", "resend"],
  TRIGGER_WORKFLOW: ["zapier", "make", "n8n", "custom_webhook"],
  ARCHIVE_DOCUMENT: ["google_drive", "dropbox", "onedrive", "s3"],
  SYNC_CONTACT: ["salesforce", "hubspot", "pipedrive"],
  LOOKUP_COMPANY: ["companies_house"],
  VERIFY_IDENTITY: ["lem_verify"],
  EXTRACT_DOCUMENT: ["gemini", "glean_ai"],
};

const newAjv = () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
};

describe("provider registry: shape", () => {
  it("lists the 28 providers with unique ids and env prefixes", () => {
    expect(providerIds).toHaveLength(28);
    expect(new Set(providerIds).size).toBe(28);
    expect(new Set(providers.map((p) => p.envPrefix)).size).toBe(28);
    for (const id of providerIds) expect(registry[id].id).toBe(id);
    expect(providerIds.slice().sort()).toEqual(Object.keys(contract).sort());
  });

  it("matches the id / envPrefix / category / authMode / credential-key contract", () => {
    for (const id of providerIds) {
      const [envPrefix, category, authMode, keys] = contract[id];
      const provider = getProvider(id);
      expect({
        id,
        envPrefix: provider.envPrefix,
        category: provider.category,
        authMode: provider.authMode,
      }).toEqual({
        id,
        envPrefix,
        category,
        authMode,
      });
      expect(Object.keys(provider.credentials.shape)).toEqual(keys);
    }
  });

  it("uses every category, and only known auth modes and signature schemes", () => {
    expect(new Set(providers.map((p) => p.category))).toEqual(new Set(providerCategories));
    for (const p of providers) {
      expect(authModes).toContain(p.authMode);
      expect(signatureSchemes).toContain(p.webhook.scheme);
      expect(p.status).not.toBe("deprecated");
      expect(p.description.length).toBeGreaterThan(20);
    }
    expect(registry.melio.status).toBe("beta");
    expect(registry.stripe.status).toBe("active");
  });

  it("maps providers that sign webhooks to their scheme", () => {
    const schemes = Object.fromEntries(providers.map((p) => [p.id, p.webhook.scheme]));
    expect(schemes).toMatchObject({
      stripe: "stripe",
      xero: "xero",
      paypal: "paypal",
      square: "square",
      quickbooks: "quickbooks",
      hubspot: "hubspot_v3",
      slack: "slack",
      bill_com: "bill_com",
      custom_webhook: "standard_webhooks",
      zapier: "none",
    });
  });

  it("has a self-contained SVG logo for every provider", () => {
    for (const p of providers) {
      expect(p.logo.startsWith("<svg"), p.id).toBe(true);
      expect(p.logo.trimEnd().endsWith("</svg>"), p.id).toBe(true);
      expect(p.logo).toContain('viewBox="0 0 32 32"');
      expect(p.logo).not.toMatch(/<script|\son\w+=|href=|url\(|<image|<foreignObject/i);
      // The SVG namespace is an identifier, not a fetched reference; nothing else may mention http.
      expect(p.logo.replace('xmlns="http://www.w3.org/2000/svg"', "")).not.toMatch(/https?:/);
    }
  });

  it("has https docs URLs and absolute API bases without a trailing slash", () => {
    for (const p of providers) {
      expect(new URL(p.docsUrl).protocol, p.id).toBe("https:");
      const apiBase = new URL(p.apiBase);
      expect(p.apiBase.endsWith("/"), p.id).toBe(false);
      expect(apiBase.protocol, p.id).toBe(p.id === "smtp" ? "smtp:" : "https:");
    }
  });

  it("gives oauth2 providers (and Square) https OAuth endpoints and scopes", () => {
    for (const p of providers.filter(
      (provider) => provider.authMode === "oauth2" || provider.id === "square",
    )) {
      const oauth = p.oauth;
      expect(oauth, p.id).toBeDefined();
      if (!oauth) continue;
      for (const url of [oauth.authorizationUrl, oauth.tokenUrl, oauth.revocationUrl].filter(Boolean)) {
        expect(new URL(url ?? "").protocol, `${p.id} ${url}`).toBe("https:");
      }
      expect(oauth.scopes.length, p.id).toBeGreaterThan(0);
      for (const scope of oauth.requiredScopes ?? []) expect(oauth.scopes, p.id).toContain(scope);
      if (p.authMode === "oauth2") expect(Object.keys(p.credentials.shape), p.id).toEqual([]);
    }
    expect(registry.xero.oauth.tokenUrl).toBe("https://identity.xero.com/connect/token");
    expect(registry.quickbooks.oauth.scopes).toEqual(["com.intuit.quickbooks.accounting"]);
  });

  it("carries the documented rate limits", () => {
    expect(registry.xero.rateLimits).toMatchObject({
      perTenant: { requests: 60, perSeconds: 60 },
      concurrentPerTenant: 5,
      daily: 5000,
    });
    expect(registry.quickbooks.rateLimits).toEqual({
      perTenant: { requests: 500, perSeconds: 60 },
      concurrentPerTenant: 10,
    });
    expect(registry.stripe.rateLimits.appWide).toEqual({ requests: 25, perSeconds: 1 });
    expect(registry.companies_house.rateLimits.perTenant).toEqual({ requests: 600, perSeconds: 300 });
  });
});

describe("provider registry: capabilities", () => {
  it("declares VALIDATE_CREDENTIALS everywhere and the agreed capability matrix", () => {
    for (const p of providers) expect(Object.keys(p.capabilities), p.id).toContain("VALIDATE_CREDENTIALS");
    for (const code of capabilityCodes) {
      if (code === "VALIDATE_CREDENTIALS") continue;
      const declaring = providers.filter((p) => code in p.capabilities).map((p) => p.id);
      expect(declaring.sort(), code).toEqual([...(capabilityMatrix[code] ?? [])].sort());
    }
  });

  it("uses the shared parameter schemas, which compile under draft 2020-12 with formats", () => {
    const ajv = newAjv();
    for (const code of capabilityCodes)
      expect(() => ajv.compile(capabilityParameters[code]), code).not.toThrow();
    for (const p of providers) {
      for (const [code, capability] of Object.entries(p.capabilities)) {
        expect(capability.parameters, `${p.id} ${code}`).toBe(capabilityParameters[code as CapabilityCode]);
        expect(capability.description.length, `${p.id} ${code}`).toBeGreaterThan(10);
      }
    }
  });

  it("validates sample parameters as the execute endpoint will", () => {
    const ajv = newAjv();
    const validate = (code: CapabilityCode, parameters: unknown) =>
      ajv.validate(capabilityParameters[code], parameters);
    const invoiceId = "0f8fad5b-d9cb-469f-a165-70867728950e";
    expect(validate("VALIDATE_CREDENTIALS", {})).toBe(true);
    expect(validate("VALIDATE_CREDENTIALS", { extra: 1 })).toBe(false);
    expect(validate("SEND_INVOICE", { invoiceId })).toBe(true);
    expect(validate("SEND_INVOICE", { invoiceId: "42" })).toBe(false);
    const payment = { invoiceId, amountMinor: 1250, currency: "GBP", paidAt: "2026-01-31T10:00:00Z" };
    expect(validate("RECORD_PAYMENT", payment)).toBe(true);
    expect(validate("RECORD_PAYMENT", { ...payment, currency: "gbp" })).toBe(false);
    expect(validate("RECORD_PAYMENT", { ...payment, amountMinor: 0 })).toBe(false);
    expect(validate("SEND_NOTIFICATION", { to: "#billing", text: "Invoice paid" })).toBe(true);
    expect(validate("SEND_NOTIFICATION", { to: "ops@example.com" })).toBe(false);
    expect(validate("TRIGGER_WORKFLOW", { event: "invoice.paid", payload: { id: 1 } })).toBe(true);
    expect(validate("ARCHIVE_DOCUMENT", { invoiceId, fileName: "../x.pdf" })).toBe(false);
    expect(validate("LOOKUP_COMPANY", { companyNumber: "SC123456" })).toBe(true);
    expect(validate("LOOKUP_COMPANY", { companyNumber: "123" })).toBe(false);
    expect(validate("VERIFY_IDENTITY", { customerId: invoiceId, email: "not-an-email" })).toBe(false);
    expect(validate("EXTRACT_DOCUMENT", { mimeType: "application/pdf", contentBase64: "JVBERi0=" })).toBe(
      true,
    );
  });
});

describe("provider registry: credentials", () => {
  it("gives every credential field label, help and secret meta", () => {
    for (const p of providers) {
      for (const field of credentialFieldsOf(p)) {
        expect(field.label, `${p.id}.${field.key}`).toBeTruthy();
        expect(field.help.length, `${p.id}.${field.key}`).toBeGreaterThan(20);
        expect(typeof field.secret, `${p.id}.${field.key}`).toBe("boolean");
        if (/(secret|password|token|apikey|signaturekey)$/i.test(field.key)) expect(field.secret).toBe(true);
      }
    }
  });

  it("derives the wizard fields for Stripe", () => {
    const fields = credentialFieldsOf(registry.stripe);
    expect(fields.map((f) => f.key)).toEqual(["secretKey", "webhookSigningSecret"]);
    expect(fields[0]).toMatchObject({ key: "secretKey", secret: true, optional: false, kind: "string" });
    expect(fields[1]).toMatchObject({ key: "webhookSigningSecret", secret: true, optional: true });
  });

  it("derives enum, boolean and number fields with defaults", () => {
    const environment = credentialFieldsOf(registry.paypal).find((f) => f.key === "environment");
    expect(environment).toMatchObject({ kind: "enum", options: ["sandbox", "live"], optional: true });
    expect(environment?.defaultValue).toBe("sandbox");
    const sandbox = credentialFieldsOf(registry.bill_com).find((f) => f.key === "sandboxMode");
    expect(sandbox).toMatchObject({ kind: "boolean", optional: true, defaultValue: false });
    const port = credentialFieldsOf(registry.smtp).find((f) => f.key === "port");
    expect(port).toMatchObject({ kind: "number", optional: true, defaultValue: 587, secret: false });
    expect(credentialFieldsOf(registry.xero)).toEqual([]);
  });

  it("checks Stripe key prefixes", () => {
    const schema = registry.stripe.credentials;
    expect(schema.safeParse({ secretKey: "pk_test_x" }).success).toBe(false);
    expect(schema.safeParse({ secretKey: "sk_test_123" }).success).toBe(true);
    expect(schema.safeParse({ secretKey: "rk_live_abc", webhookSigningSecret: "whsec_abc" }).success).toBe(
      true,
    );
    expect(schema.safeParse({ secretKey: "sk_test_123", webhookSigningSecret: "abc" }).success).toBe(false);
  });

  it("coerces and bounds the SMTP port", () => {
    const base = {
      host: "smtp.example.com",
      username: "u",
      password: "p",
      fromAddress: "billing@example.com",
    };
    const schema = registry.smtp.credentials;
    expect(schema.parse({ ...base, port: "2525" })).toMatchObject({ port: 2525, secure: false });
    expect(schema.parse(base)).toMatchObject({ port: 587 });
    for (const port of [0, 70_000, "abc", 25.5])
      expect(schema.safeParse({ ...base, port }).success).toBe(false);
    expect(schema.safeParse({ ...base, fromAddress: "nope" }).success).toBe(false);
  });

  it("checks URL schemes and formats elsewhere", () => {
    expect(registry.zapier.credentials.safeParse({ hookUrl: "http://hooks.zapier.com/x" }).success).toBe(
      false,
    );
    expect(registry.zapier.credentials.safeParse({ hookUrl: "https://hooks.zapier.com/x" }).success).toBe(
      true,
    );
    expect(
      registry.n8n.credentials.safeParse({ webhookUrl: "http://localhost:5678/webhook/a" }).success,
    ).toBe(true);
    expect(registry.n8n.credentials.safeParse({ webhookUrl: "ftp://example.com" }).success).toBe(false);
    expect(registry.resend.credentials.safeParse({ apiKey: "sk_x", fromAddress: "a@b.co" }).success).toBe(
      false,
    );
    expect(
      registry.custom_webhook.credentials.safeParse({ endpointUrl: "https://example.com" }).success,
    ).toBe(true);
    expect(
      registry.custom_webhook.credentials.safeParse({
        endpointUrl: "https://example.com",
        signingSecret: "x",
      }).success,
    ).toBe(false);
  });
});

describe("provider ids and env keys", () => {
  it("derives the id schema from the registry", () => {
    expect(providerIdSchema.parse("bill_com")).toBe("bill_com");
    expect(providerIdSchema.safeParse("nope").success).toBe(false);
    expect(getProvider("stripe")).toBe(registry.stripe);
  });

  it("lists API base and OAuth override variables", () => {
    expect(envKeysOf(registry.stripe)).toEqual(["STRIPE_API_BASE"]);
    expect(envKeysOf(registry.microsoft_teams)).toContain("TEAMS_CLIENT_SECRET");
    expect(envKeysOf(registry.square)).toContain("SQUARE_TOKEN_URL");
  });
});
