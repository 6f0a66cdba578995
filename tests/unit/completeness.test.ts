import { readFileSync } from "node:fs";
import path from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { gatewayFactories } from "@/server/providers/gateways";
import { envKeysOf, type ProviderId, registry } from "@/server/providers/registry";
import type { CapabilityCode, ProviderDefinition } from "@/server/providers/types";
import { verifiers } from "@/server/webhooks/inbound/verify";

const providers = Object.values(registry) as ProviderDefinition[];

/** Declared capabilities no gateway implements yet; shrink this list as they land (the test fails if it is stale). */
const pendingCapabilities = [
  "bill_com:RECORD_PAYMENT",
  "bill_com:SYNC_BILL",
  "dropbox:*",
  "freshbooks:RECORD_PAYMENT",
  "freshbooks:SYNC_CUSTOMER",
  "gemini:EXTRACT_DOCUMENT",
  "glean_ai:EXTRACT_DOCUMENT",
  "glean_ai:SYNC_BILL",
  "google_drive:*",
  "hubspot:*",
  "lem_verify:VERIFY_IDENTITY",
  "melio:RECORD_PAYMENT",
  "melio:SYNC_BILL",
  "microsoft_teams:*",
  "onedrive:*",
  "paypal:SYNC_CUSTOMER",
  "pipedrive:*",
  "quickbooks:RECORD_PAYMENT",
  "quickbooks:SYNC_CUSTOMER",
  "s3:ARCHIVE_DOCUMENT",
  "salesforce:*",
  "slack:*",
  "square:SYNC_CUSTOMER",
  "stripe:SYNC_CUSTOMER",
  "vic_ai:SYNC_BILL",
  "xero:RECORD_PAYMENT",
  "xero:SYNC_CUSTOMER",
].sort();

describe("the registry is complete", () => {
  it("every provider's environment keys are documented in .env.example", () => {
    const example = readFileSync(path.resolve(import.meta.dirname, "../../.env.example"), "utf8");
    const missing = providers.flatMap((provider) =>
      envKeysOf(provider).filter((key) => !new RegExp(`^${key}=`, "m").test(example)),
    );
    expect(missing).toEqual([]);
  });

  it("every declared capability has a gateway implementing it, except the pending ones listed here", () => {
    const missing: string[] = [];
    for (const provider of providers) {
      const factory = gatewayFactories[provider.id as ProviderId];
      if (!factory) {
        missing.push(`${provider.id}:*`);
        continue;
      }
      const credentials = new Proxy({}, { get: () => "placeholder" });
      const gateway = factory({
        provider,
        apiBase: "http://127.0.0.1:9",
        credentials,
        log: pino({ level: "silent" }),
      });
      // Invoicing capabilities are carried by the gateway's invoicing half (driven by the sync engine).
      const invoicing: CapabilityCode[] = gateway.invoicing ? ["SEND_INVOICE", "SYNC_INVOICE_STATUS"] : [];
      for (const code of Object.keys(provider.capabilities) as CapabilityCode[]) {
        if (code !== "VALIDATE_CREDENTIALS" && !gateway.capabilities?.[code] && !invoicing.includes(code))
          missing.push(`${provider.id}:${code}`);
      }
    }
    expect(missing.sort()).toEqual(pendingCapabilities);
  });

  it("every signature scheme a provider declares has a verifier", () => {
    const declared = new Set(
      providers.map((provider) => provider.webhook.scheme).filter((scheme) => scheme !== "none"),
    );
    expect([...declared].filter((scheme) => !(scheme in verifiers))).toEqual([]);
  });
});
