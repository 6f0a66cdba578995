import type { Db } from "@/server/db/client";
import { ProviderError } from "@/server/providers/errors";
import { OAuthGrantError } from "@/server/providers/oauth";
import { type IntegrationRef, loadIntegration, needsReconnect, refreshLocked } from "./refresh";
import { openTokenSet, type TokenSet } from "./token-set";

export { type IntegrationRef, NEEDS_RECONNECT } from "./refresh";
export {
  createOAuthIntegration,
  openTokenSet,
  storeTokenSet,
  type TokenSet,
  tokenSetFrom,
  tokenSetSchema,
} from "./token-set";

/** A token expiring within this margin is refreshed before a provider call. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** True when the access token is expired or expires within the refresh margin. */
export const expiresSoon = (tokenSet: TokenSet, now = Date.now()) =>
  Date.parse(tokenSet.expiresAt) - now <= REFRESH_MARGIN_MS;

/**
 * The integration's token set, refreshed first when it expires within 5 minutes (or when `force`d,
 * e.g. after the provider rejected the access token). Concurrent callers in any process refresh once.
 */
export async function refreshIfNeeded(
  db: Db,
  ref: IntegrationRef,
  options: { force?: boolean } = {},
): Promise<TokenSet> {
  const row = await loadIntegration(db, ref);
  if (needsReconnect(row))
    throw new OAuthGrantError("needs_reconnect", "This integration must be reconnected");
  const seen = openTokenSet(row);
  if (!options.force && !expiresSoon(seen)) return seen;
  // Under the lock: a forced refresh is done already if another caller replaced the token we saw.
  return refreshLocked(db, ref, (locked) =>
    options.force ? locked.accessToken === seen.accessToken : expiresSoon(locked),
  );
}

/** Runs a provider call with a valid access token; if the provider rejects it, refreshes once and retries. */
export async function withAccessToken<T>(
  db: Db,
  ref: IntegrationRef,
  use: (accessToken: string) => Promise<T>,
): Promise<T> {
  const tokenSet = await refreshIfNeeded(db, ref);
  try {
    return await use(tokenSet.accessToken);
  } catch (error) {
    if (!(error instanceof ProviderError && error.type === "auth") || !tokenSet.refreshToken) throw error;
    const renewed = await refreshIfNeeded(db, ref, { force: true });
    return use(renewed.accessToken);
  }
}
