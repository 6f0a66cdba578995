import { env } from "@/lib/env";
import type { ProviderDefinition } from "@/server/providers/types";
import { credentialsOf } from "@/server/services/integrations/manage";
import type { IntegrationRow } from "@/server/services/integrations/views";
import { open } from "@/server/vault/envelope";
import { webhookSecretPurpose } from "@/server/vault/purposes";

/**
 * The app-level signing secret of providers whose webhooks belong to our app rather than to one
 * connected account (Xero's webhook key, the Stripe Connect endpoint secret, the QuickBooks verifier
 * token); null when it is not configured.
 */
export function appWebhookSecretOf(providerId: string): string | null {
  const secrets: Partial<Record<string, string | undefined>> = {
    xero: env.XERO_WEBHOOK_KEY,
    stripe: env.STRIPE_CONNECT_WEBHOOK_SECRET,
    quickbooks: env.QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN,
  };
  return secrets[providerId] || null;
}

/**
 * The secret an inbound delivery must be signed with, from the vault: ours for Standard Webhooks
 * (shown once in the wizard), the provider-issued one entered with the credentials otherwise, and for
 * Xero and QuickBooks (one key per app, no per-account secret) the app-level one.
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
  if (provider.id === "xero" || provider.id === "quickbooks") return appWebhookSecretOf(provider.id);
  const key = credentialKey[provider.id];
  if (!key || !row.credentials) return null;
  const value = credentialsOf(row)[key];
  return typeof value === "string" && value ? value : null;
}
