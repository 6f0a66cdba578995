import { and, eq, sql } from "drizzle-orm";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Db, Tx } from "@/server/db/client";
import { integrations, oauthRefreshAttempts, type RefreshOutcome } from "@/server/db/schema";
import { ProviderError } from "@/server/providers/errors";
import { OAuthGrantError, refresh } from "@/server/providers/oauth";
import { recordAudit } from "../audit/audit";
import { providerOf } from "../integrations/views";
import { openTokenSet, storeTokenSet, type TokenSet, tokenSetFrom } from "./token-set";

/** Which integration of which tenant. */
export type IntegrationRef = { tenantId: string; integrationId: string };
type IntegrationRow = typeof integrations.$inferSelect;

export const NEEDS_RECONNECT = "needs reconnect";
const ATTEMPTS = 3;
const BASE_DELAY_MS = 200;
const MAX_DELAY_MS = 2_000;
/**
 * How long a refresh may hold the row lock: every attempt at the token endpoint plus the waits between
 * them. Callers queued behind it wait as long (the app's short default lock_timeout would turn a slow
 * token endpoint into 503s for them), and the transaction may sit idle that long while the call runs.
 */
const REFRESH_LOCK_MS = ATTEMPTS * (env.PROVIDER_TIMEOUT_SECONDS * 1000 + MAX_DELAY_MS) + 5_000;

/** True once a refresh hit invalid_grant: only a new consent (reconnect) helps. */
export const needsReconnect = (row: IntegrationRow) =>
  row.status === "error" && row.statusReason === NEEDS_RECONNECT;

/** Loads one connected integration of the tenant, optionally locking its row for the transaction. */
export async function loadIntegration(db: Db | Tx, ref: IntegrationRef, lock = false) {
  const where = and(eq(integrations.id, ref.integrationId), eq(integrations.tenantId, ref.tenantId));
  const query = db.select().from(integrations).where(where);
  // NO KEY UPDATE serialises refreshes like FOR UPDATE but lets inserts referencing the row proceed.
  const [row] = lock ? await query.for("no key update") : await query;
  if (!row || row.disconnectedAt) throw new AppError("NOT_FOUND", "Integration not found");
  return row;
}

type Outcome = { ok: true; tokenSet: TokenSet } | { ok: false; error: Error };

/**
 * Refreshes in ONE transaction holding the integration's row lock: the token set is re-read after the
 * lock (another process may have refreshed it), the token endpoint is called only if `stillNeeded`,
 * and the rotated tokens are stored before commit. Errors are returned, not thrown, so the attempt
 * log and the "needs reconnect" mark commit.
 */
export async function refreshLocked(
  db: Db,
  ref: IntegrationRef,
  stillNeeded: (locked: TokenSet) => boolean,
): Promise<TokenSet> {
  const outcome = await db.transaction(async (tx): Promise<Outcome> => {
    await tx.execute(sql.raw(`set local lock_timeout = ${REFRESH_LOCK_MS}`));
    await tx.execute(sql.raw(`set local idle_in_transaction_session_timeout = ${REFRESH_LOCK_MS}`));
    const row = await loadIntegration(tx, ref, true);
    if (needsReconnect(row)) return { ok: false, error: reconnectError(row) };
    const current = openTokenSet(row);
    if (!stillNeeded(current)) return { ok: true, tokenSet: current };
    if (!current.refreshToken) return { ok: false, error: await lose(tx, row, "no_refresh_token") };
    const provider = providerOf(row.providerId);
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        const tokenSet = tokenSetFrom(await refresh(provider, current.refreshToken), current);
        await record(tx, row, started, "ok", null);
        await storeTokenSet(tx, row, tokenSet);
        return { ok: true, tokenSet };
      } catch (error) {
        if (error instanceof OAuthGrantError) {
          await record(tx, row, started, "invalid_grant", error.code);
          return { ok: false, error: await lose(tx, row, error.code, error) };
        }
        const transient = error instanceof ProviderError && error.retryable;
        await record(tx, row, started, transient ? "transient_error" : "failed", errorCodeOf(error));
        if (!transient || attempt >= ATTEMPTS) return { ok: false, error: asError(error) };
        // Full jitter: a random wait in [0, min(cap, base * 2^attempt)).
        await new Promise((done) =>
          setTimeout(done, Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt)),
        );
      }
    }
  });
  if (outcome.ok) return outcome.tokenSet;
  throw outcome.error;
}

function reconnectError(row: IntegrationRow) {
  return new OAuthGrantError(
    "needs_reconnect",
    `${providerOf(row.providerId).displayName} must be reconnected`,
  );
}

/** Marks the integration "needs reconnect" with an audit entry; the old tokens stay until the reconnect. */
async function lose(tx: Tx, row: IntegrationRow, code: string, cause?: OAuthGrantError) {
  await tx
    .update(integrations)
    .set({ status: "error", statusReason: NEEDS_RECONNECT })
    .where(and(eq(integrations.id, row.id), eq(integrations.tenantId, row.tenantId)));
  await recordAudit(tx, {
    tenantId: row.tenantId,
    actor: { type: "system", label: "token refresh" },
    action: "integration.needs_reconnect",
    targetType: "integration",
    targetId: row.id,
    metadata: { providerId: row.providerId, errorCode: code },
  });
  return cause ?? reconnectError(row);
}

async function record(
  tx: Tx,
  row: IntegrationRow,
  started: number,
  outcome: RefreshOutcome,
  code: string | null,
) {
  await tx.insert(oauthRefreshAttempts).values({
    tenantId: row.tenantId,
    integrationId: row.id,
    outcome,
    errorCode: code,
    durationMs: Math.round(performance.now() - started),
  });
}

function errorCodeOf(error: unknown): string {
  if (error instanceof ProviderError) return error.status ? `http_${error.status}` : error.type;
  return error instanceof Error ? error.name : "unknown";
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
