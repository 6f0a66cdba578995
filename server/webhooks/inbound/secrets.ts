import type { ProviderDefinition } from "@/server/providers/types";
import { credentialsOf } from "@/server/services/integrations/manage";
import type { IntegrationRow } from "@/server/services/integrations/views";
import { open } from "@/server/vault/envelope";
import { webhookSecretPurpose } from "@/server/vault/purposes";

/**
 * The secret an inbound delivery must be signed with, from the vault: ours for Standard Webhooks
 * (shown once in the wizard), the provider-issued one entered with the credentials otherwise.
 * null means none is configured, and the route refuses the delivery instead of skipping verification.
 */
export function inboundSecretOf(row: IntegrationRow, provider: ProviderDefinition): string | null {
  const credentialKey: Partial<Record<string, string>> = {
    stripe: "webhookSigningSecret",
    square: "webhookSignatureKey",
    paypal: "webhookId",
    bill_com: "webhookSecurityKey",
  };
  if (provider.webhook.scheme === "standard_webhooks") {
    return row.webhookSecret
      ? open(row.webhookSecret, { tenantId: row.tenantId, rowId: row.id, purpose: webhookSecretPurpose })
      : null;
  }
  const key = credentialKey[provider.id];
  if (!key || !row.credentials) return null;
  const value = credentialsOf(row)[key];
  return typeof value === "string" && value ? value : null;
}
