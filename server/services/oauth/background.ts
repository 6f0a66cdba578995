import { and, eq, inArray, isNotNull, isNull, max } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "@/server/db/client";
import { integrations, oauthRefreshAttempts } from "@/server/db/schema";
import { registry } from "@/server/providers/registry";
import type { ProviderDefinition } from "@/server/providers/types";
import { expiresSoon, openTokenSet, refreshIfNeeded } from "./tokens";

const oauthProviderIds = (Object.values(registry) as ProviderDefinition[])
  .filter((provider) => provider.authMode === "oauth2")
  .map((provider) => provider.id);
/**
 * Refresh tokens die when unused (Xero after 60 days; QuickBooks rotates about daily and expires
 * after 100): a token not refreshed for a week is refreshed anyway, so an idle tenant never wakes
 * up disconnected.
 */
export const IDLE_REFRESH_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The scheduled pass: refreshes access tokens inside the refresh margin (calls refresh on demand
 * anyway) and grants idle for a week.
 */
export async function refreshDueTokens(db: Db, log: Logger, now = Date.now()) {
  const rows = await db
    .select({ integration: integrations, lastOk: max(oauthRefreshAttempts.attemptedAt) })
    .from(integrations)
    .leftJoin(
      oauthRefreshAttempts,
      and(
        eq(oauthRefreshAttempts.integrationId, integrations.id),
        eq(oauthRefreshAttempts.tenantId, integrations.tenantId),
        eq(oauthRefreshAttempts.outcome, "ok"),
      ),
    )
    .where(
      and(
        inArray(integrations.providerId, oauthProviderIds),
        eq(integrations.status, "active"),
        isNull(integrations.disconnectedAt),
        isNotNull(integrations.credentials),
      ),
    )
    .groupBy(integrations.id);
  let refreshed = 0;
  let failed = 0;
  for (const { integration, lastOk } of rows) {
    const tokenSet = openTokenSet(integration);
    const idleSince = (lastOk ?? integration.createdAt).getTime();
    if (!expiresSoon(tokenSet, now) && now - idleSince < IDLE_REFRESH_MS) continue;
    try {
      await refreshIfNeeded(
        db,
        { tenantId: integration.tenantId, integrationId: integration.id },
        { force: true },
      );
      refreshed++;
    } catch (error) {
      failed++;
      log.warn({ err: error, integrationId: integration.id }, "background token refresh failed");
    }
  }
  return { checked: rows.length, refreshed, failed };
}
