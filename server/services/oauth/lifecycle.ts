import type { TestResult } from "@/server/db/schema";
import { OAuthGrantError, revoke } from "@/server/providers/oauth";
import type { ProviderDefinition } from "@/server/providers/types";
import type { IntegrationRow } from "../integrations/views";
import { openTokenSet, refreshIfNeeded } from "./tokens";

/** "Test connection" for an OAuth integration: a forced refresh proves the grant is still alive. */
export async function testOAuthGrant(
  db: Parameters<typeof refreshIfNeeded>[0],
  row: IntegrationRow,
): Promise<TestResult> {
  const started = performance.now();
  try {
    const tokenSet = await refreshIfNeeded(
      db,
      { tenantId: row.tenantId, integrationId: row.id },
      { force: true },
    );
    return {
      ok: true,
      message: `Token refreshed; valid until ${new Date(tokenSet.expiresAt).toISOString()}`,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    const message =
      error instanceof OAuthGrantError
        ? "The grant was revoked or expired: reconnect"
        : error instanceof Error
          ? error.message
          : "failed";
    return { ok: false, message, durationMs: Math.round(performance.now() - started) };
  }
}

/** Revokes the refresh token (or the access token) at the provider where it has an endpoint. */
export async function revokeOAuthGrant(provider: ProviderDefinition, row: IntegrationRow): Promise<boolean> {
  if (!row.credentials) return false;
  const tokenSet = openTokenSet(row);
  return revoke(provider, tokenSet.refreshToken ?? tokenSet.accessToken);
}
