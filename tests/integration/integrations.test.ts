import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, queryRows } from "@/server/db/client";
import { auditLog, integrations } from "@/server/db/schema";
import { resolveIntegration } from "@/server/services/integrations/links";
import { credentialsOf } from "@/server/services/integrations/manage";
import {
  fixtureSecrets,
  localStripeSigningSecret,
  stripeOtherAccountKey,
  stripeTestKey,
} from "../helpers/fixtures";
import { type HookServer, startHookServer } from "../helpers/providers/hook-server";
import { unreachableUrl } from "../helpers/providers/local-server";
import { startSmtpServer } from "../helpers/providers/smtp-server";
import { restClient } from "../helpers/rest";
import { createWorld, type World } from "../helpers/world";

let world: World;
let hooks: HookServer;
beforeAll(async () => {
  world = await createWorld();
  hooks = await startHookServer({ flavour: "custom_webhook" });
});
afterAll(async () => hooks.close());

const rest = restClient(() => world.apiKeyA.key);
const countIntegrations = async () =>
  (
    await (
      await getDb()
    )
      .select()
      .from(integrations)
      .where(sql`${integrations.tenantId} = ${world.tenantA.id}`)
  ).length;

describe("connecting Stripe through the REST API", () => {
  let stripeIntegrationId = "";

  it("a valid key is validated at Stripe, stored sealed and shown masked", async () => {
    const response = await rest("POST", "/integrations/stripe/connect", {
      name: "Main Stripe",
      credentials: { secretKey: stripeTestKey },
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(stripeTestKey);
    const body = JSON.parse(text) as {
      integration: {
        id: string;
        status: string;
        credentialHints: Record<string, string>;
        externalAccountId: string;
      };
      webhook: { url: string; secret: string | null };
    };
    expect(body.integration).toMatchObject({
      status: "active",
      credentialHints: { secretKey: "sk_test_…4242" },
    });
    expect(body.integration.externalAccountId).toMatch(/^acct_/);
    expect(body.webhook.url).toContain(`/api/webhooks/stripe/${body.integration.id}`);
    expect(body.webhook.secret).toBeNull(); // Stripe issues its own signing secret
    stripeIntegrationId = body.integration.id;

    const [row] = await (await getDb())
      .select()
      .from(integrations)
      .where(sql`${integrations.id} = ${stripeIntegrationId}`);
    expect(row?.credentials).toMatch(/^pbv1:current:/);
    expect(row?.credentials).not.toContain(stripeTestKey);
  });

  it("a wrong key is a 401 with Stripe's message, and nothing is stored", async () => {
    const before = await countIntegrations();
    const response = await rest("POST", "/integrations/stripe/connect", {
      credentials: { secretKey: "sk_test_wrongWrongWrong000000001111" },
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { message: string };
    expect(body.message).toContain("Invalid API Key provided");
    expect(body.message).not.toContain("sk_test_wrongWrongWrong000000001111");
    expect(await countIntegrations()).toBe(before);
    const failures = await (await getDb())
      .select()
      .from(auditLog)
      .where(
        sql`${auditLog.tenantId} = ${world.tenantA.id} and ${auditLog.action} = 'integration.connect_failed'`,
      );
    expect(failures.length).toBeGreaterThan(0);
  });

  it("a malformed key is a 400 naming the field, before any provider call", async () => {
    const response = await rest("POST", "/integrations/stripe/connect", {
      credentials: { secretKey: "pk_test_publishable" },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { details: { field: string }[] };
    expect(body.details.map((detail) => detail.field)).toContain("credentials.secretKey");
  });

  it("the same Stripe account connected again is a 409", async () => {
    const response = await rest("POST", "/integrations/stripe/connect", {
      name: "Second",
      credentials: { secretKey: stripeOtherAccountKey },
    });
    expect(response.status).toBe(409);
  });

  it("platform-admin endpoints are a 403 for a tenant's key", async () => {
    const response = await rest("GET", "/internal/connections");
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ statusCode: 403, error: "Forbidden" });
  });

  it("OAuth providers are refused here with a clear 400", async () => {
    const response = await rest("POST", "/integrations/xero/connect", { credentials: {} });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/OAuth/);
  });

  it("test, rename and capabilities work; execute checks parameters against the schema", async () => {
    expect((await rest("POST", `/integrations/${stripeIntegrationId}/test`)).status).toBe(200);
    const renamed = (await (
      await rest("PUT", `/integrations/${stripeIntegrationId}`, { name: "Stripe UK" })
    ).json()) as { name: string };
    expect(renamed.name).toBe("Stripe UK");
    const capabilities = (await (
      await rest("GET", `/integrations/${stripeIntegrationId}/capabilities`)
    ).json()) as { code: string }[];
    expect(capabilities.map((capability) => capability.code)).toContain("SEND_INVOICE");
    const bad = await rest("POST", `/integrations/${stripeIntegrationId}/execute`, {
      capability_code: "SEND_INVOICE",
      parameters: { invoiceId: 7 },
    });
    expect(bad.status).toBe(400);
  });
});

describe("the catalog says which providers this server cannot connect", () => {
  it("an OAuth provider without its client id and secret is available: false, with the reason", async () => {
    const catalog = (await (await rest("GET", "/integrations")).json()) as {
      id: string;
      available: boolean;
      unavailableReason: string | null;
    }[];
    expect(process.env.FRESHBOOKS_CLIENT_ID).toBeUndefined();
    expect(catalog.find((entry) => entry.id === "freshbooks")).toMatchObject({
      available: false,
      unavailableReason: "Not set up on this server",
    });
    expect(catalog.find((entry) => entry.id === "stripe")).toMatchObject({
      available: true,
      unavailableReason: null,
    });
  });
});

describe("updating credentials in place", () => {
  const storedCredentials = async (integrationId: string) => {
    const [row] = await (await getDb()).select().from(integrations).where(eq(integrations.id, integrationId));
    if (!row) throw new Error("integration row missing");
    return credentialsOf(row);
  };

  it("a signing secret pasted later keeps the stored key, the id and the webhook URL, and is audited", async () => {
    const [stripe] = await (await getDb())
      .select({ id: integrations.id })
      .from(integrations)
      .where(
        and(
          eq(integrations.tenantId, world.tenantA.id),
          eq(integrations.providerId, "stripe"),
          isNull(integrations.disconnectedAt),
        ),
      );
    const id = stripe?.id ?? "";
    const before = (await (await rest("GET", `/integrations/${id}`)).json()) as { webhookUrl: string };
    const { secretKey } = await storedCredentials(id);
    const webhookUrl = before.webhookUrl;

    const response = await rest("PUT", `/integrations/${id}`, {
      credentials: { secretKey: "", webhookSigningSecret: localStripeSigningSecret },
    });
    expect(response.status).toBe(200);
    const updated = (await response.json()) as { id: string; webhookUrl: string; status: string };
    expect(updated).toMatchObject({ id, webhookUrl, status: "active" });
    expect(await storedCredentials(id)).toEqual({
      secretKey,
      webhookSigningSecret: localStripeSigningSecret,
    });
    const [audit] = await (await getDb())
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, id), eq(auditLog.action, "integration.credentials_updated")));
    expect(audit?.metadata).toEqual({ fields: ["webhookSigningSecret"] });
    expect(JSON.stringify(audit)).not.toContain(localStripeSigningSecret);

    // Checked with the provider before anything is stored: a wrong key changes nothing.
    const wrong = await rest("PUT", `/integrations/${id}`, {
      credentials: { secretKey: "sk_test_wrongWrongWrong000000001111" },
    });
    expect(wrong.status).toBe(401);
    expect((await storedCredentials(id)).secretKey).toBe(secretKey);

    // A field the provider does not have is refused, not silently dropped.
    const unknown = await rest("PUT", `/integrations/${id}`, { credentials: { signingSecret: "whsec_abc" } });
    expect(unknown.status).toBe(400);

    // Nothing filled in is a 400, not a silent no-op.
    const empty = await rest("PUT", `/integrations/${id}`, { credentials: { secretKey: "" } });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { message: string }).message).toContain("at least one credential");
  });
});

describe("stored secrets stay with the settings they were entered with", () => {
  it("changing an SMTP host or port without the password again is refused before anything connects", async () => {
    const smtp = await startSmtpServer({ username: "mailer", password: "smtp-password-1" });
    let elsewhere = 0;
    const trap = createServer((socket) => {
      elsewhere++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
    const trapPort = (trap.address() as AddressInfo).port;
    try {
      const connected = await rest("POST", "/integrations/smtp/connect", {
        credentials: {
          host: smtp.host,
          port: smtp.port,
          secure: false,
          username: "mailer",
          password: "smtp-password-1",
          fromAddress: "billing@tenant-a.example",
        },
      });
      expect(connected.status).toBe(200);
      const { integration } = (await connected.json()) as { integration: { id: string } };

      const moved = await rest("PUT", `/integrations/${integration.id}`, { credentials: { port: trapPort } });
      expect(moved.status).toBe(400);
      expect(await moved.json()).toMatchObject({
        message: expect.stringContaining("Password"),
        details: [{ field: "credentials.password" }],
      });
      expect(elsewhere).toBe(0);

      // A secret alone may change (rotation), and the settings with every secret entered again.
      const rotated = await rest("PUT", `/integrations/${integration.id}`, {
        credentials: { password: "smtp-password-1" },
      });
      expect(rotated.status).toBe(200);
    } finally {
      trap.close();
      await smtp.close();
    }
  });
});

describe("provider failures map to clear statuses", () => {
  it("an unreachable endpoint is a 502 and a rate-limited one a 429 with Retry-After", async () => {
    const down = await rest("POST", "/integrations/custom_webhook/connect", {
      credentials: { endpointUrl: `${await unreachableUrl()}/hook` },
    });
    expect(down.status).toBe(502);
    hooks.failNext(1, 429, { "retry-after": "120" });
    const limited = await rest("POST", "/integrations/custom_webhook/connect", {
      credentials: { endpointUrl: hooks.hookUrl },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("120");
  });

  it("execute runs TRIGGER_WORKFLOW through the gateway", async () => {
    const response = await rest("POST", `/integrations/${world.integrationA.id}/execute`, {
      capability_code: "TRIGGER_WORKFLOW",
      parameters: { event: "invoice.test", payload: { n: 1 } },
    });
    expect(await response.text()).toContain("delivered");
    expect(response.status).toBe(200);
    expect(world.hookServer.requests.some((request) => request.body.includes("invoice.test"))).toBe(true);
  });
});

describe("entity links", () => {
  it("resolution goes entity → customer → tenant default", async () => {
    const db = await getDb();
    const viaCustomer = await resolveIntegration(db, world.tenantA.id, "invoicing", [
      { entityType: "customer", entityId: world.customerA.id },
    ]);
    expect(viaCustomer?.id).toBe(world.integrationA.id);
    expect(
      await resolveIntegration(db, world.tenantA.id, "invoicing", [
        { entityType: "customer", entityId: "00000000-0000-0000-0000-000000000000" },
      ]),
    ).toBeNull();
    const linked = await rest("POST", `/entities/tenant/${world.tenantA.id}/integrations`, {
      integrationId: world.integrationA.id,
      purpose: "invoicing",
    });
    expect(linked.status).toBe(200);
    const viaTenant = await resolveIntegration(db, world.tenantA.id, "invoicing", [
      { entityType: "customer", entityId: "00000000-0000-0000-0000-000000000000" },
    ]);
    expect(viaTenant?.id).toBe(world.integrationA.id);
    expect((await rest("GET", `/entities/customer/${world.customerA.id}/integrations`)).status).toBe(200);
  });
});

describe("disconnecting", () => {
  it("deletes the ciphertext, keeps the row and its history", async () => {
    const response = await rest("DELETE", `/integrations/${world.integrationA.id}`);
    expect(response.status).toBe(200);
    const [row] = await (await getDb())
      .select()
      .from(integrations)
      .where(sql`${integrations.id} = ${world.integrationA.id}`);
    expect(row).toMatchObject({ credentials: null, webhookSecret: null, status: "inactive" });
    expect((await rest("GET", `/integrations/${world.integrationA.id}`)).status).toBe(404);
  });
});

describe("no plaintext secret anywhere in the database", () => {
  it("scans every table for the fixtures' secrets", async () => {
    const db = await getDb();
    const tables = await queryRows<{ name: string }>(
      db,
      sql`select quote_ident(table_schema) || '.' || quote_ident(table_name) as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    const found: string[] = [];
    for (const { name } of tables) {
      const rows = await queryRows<{ row: string }>(
        db,
        sql`select row_to_json(t)::text as row from ${sql.raw(name)} t`,
      );
      for (const { row } of rows)
        for (const secret of [...fixtureSecrets, world.apiKeyA.key])
          if (row.includes(secret)) found.push(`${name}: ${secret.slice(0, 12)}…`);
    }
    expect(found).toEqual([]);
  });
});
