import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Db, Tx } from "@/server/db/client";
import { integrations } from "@/server/db/schema";
import { getProvider, type ProviderId, providerIds } from "@/server/providers/registry";
import type { ProviderDefinition } from "@/server/providers/types";

export type IntegrationRow = typeof integrations.$inferSelect;

/** The URL a provider posts this integration's webhooks to. */
export const webhookUrlOf = (providerId: string, integrationId: string) =>
  new URL(`/api/webhooks/${providerId}/${integrationId}`, env.BETTER_AUTH_URL).toString();

/** What leaves the server about an integration: never ciphertext, only masked hints. */
export function toIntegrationView(row: IntegrationRow) {
  const provider = providerOf(row.providerId);
  return {
    id: row.id,
    providerId: row.providerId,
    providerName: provider.displayName,
    category: provider.category,
    name: row.name,
    status: row.status,
    statusReason: row.statusReason,
    credentialHints: row.credentialHints,
    hasWebhookSecret: row.webhookSecret !== null,
    webhookUrl: webhookUrlOf(row.providerId, row.id),
    externalAccountId: row.externalAccountId,
    externalAccountName: row.externalAccountName,
    settings: row.settings,
    oauth: provider.authMode === "oauth2" ? oauthFactsOf(row.metadata) : null,
    lastTestAt: row.lastTestAt,
    lastTestResult: row.lastTestResult,
    disconnectedAt: row.disconnectedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
export type IntegrationView = ReturnType<typeof toIntegrationView>;

const oauthFacts = z.object({
  organisations: z
    .array(z.object({ tenantId: z.string(), tenantName: z.string().nullable().optional() }))
    .catch([]),
  missingScopes: z.array(z.string()).catch([]),
});

/** The non-secret facts an OAuth consent left: organisations to choose from, scopes not granted. */
function oauthFactsOf(metadata: Record<string, unknown>) {
  const facts = oauthFacts.parse({
    organisations: metadata.organisations ?? [],
    missingScopes: metadata.missingScopes ?? [],
  });
  return {
    organisations: facts.organisations.map((entry) => ({
      tenantId: entry.tenantId,
      tenantName: entry.tenantName ?? null,
    })),
    missingScopes: facts.missingScopes,
  };
}

export function providerOf(providerId: string): ProviderDefinition {
  if (!(providerIds as readonly string[]).includes(providerId))
    throw new AppError("NOT_FOUND", `Unknown provider ${providerId}`);
  return getProvider(providerId as ProviderId);
}

/** Loads one of the tenant's integrations (connected ones only unless asked), or 404. */
export async function requireIntegration(
  db: Db | Tx,
  tenantId: string,
  integrationId: string,
  options: { includeDisconnected?: boolean } = {},
) {
  const conditions = [eq(integrations.id, integrationId), eq(integrations.tenantId, tenantId)];
  if (!options.includeDisconnected) conditions.push(isNull(integrations.disconnectedAt));
  const [row] = await db
    .select()
    .from(integrations)
    .where(and(...conditions))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Integration not found");
  return row;
}
