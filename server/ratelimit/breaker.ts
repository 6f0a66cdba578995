import { and, eq, sql } from "drizzle-orm";
import { env } from "@/lib/env";
import type { Db } from "@/server/db/client";
import { integrations } from "@/server/db/schema";
import type { ProviderError } from "@/server/providers/errors";

/**
 * Circuit breaker per integration, kept on the integration row so every process sees it: closed until
 * BREAKER_FAILURE_THRESHOLD consecutive failures, then open for BREAKER_OPEN_SECONDS, then half-open:
 * exactly one caller gets a trial call (it claims the trial by re-stamping the open time), whose
 * outcome closes the breaker or keeps it open for another period.
 */

export type BreakerState = "closed" | "open" | "half_open";
export type BreakerView = {
  state: BreakerState;
  consecutiveFailures: number;
  openedAt: Date | null;
  retryAt: Date | null;
  lastError: string | null;
};

type BreakerColumns = {
  breakerFailures: number;
  breakerOpenedAt: Date | null;
  breakerLastError: string | null;
};

export function breakerView(row: BreakerColumns, now = Date.now()): BreakerView {
  const openMs = env.BREAKER_OPEN_SECONDS * 1000;
  if (!row.breakerOpenedAt) {
    return {
      state: "closed",
      consecutiveFailures: row.breakerFailures,
      openedAt: null,
      retryAt: null,
      lastError: row.breakerLastError,
    };
  }
  const retryAt = new Date(row.breakerOpenedAt.getTime() + openMs);
  return {
    state: retryAt.getTime() <= now ? "half_open" : "open",
    consecutiveFailures: row.breakerFailures,
    openedAt: row.breakerOpenedAt,
    retryAt,
    lastError: row.breakerLastError,
  };
}

/** The breaker refused a call: come back at `retryAt`. */
export class BreakerOpen extends Error {
  constructor(readonly retryAt: Date) {
    super(`The integration's circuit breaker is open until ${retryAt.toISOString()}`);
    this.name = "BreakerOpen";
  }
}

/** Lets a call through when closed, or as the single trial when half-open; otherwise throws BreakerOpen. */
export async function admitCall(db: Db, ref: { tenantId: string; integrationId: string }) {
  const where = and(eq(integrations.id, ref.integrationId), eq(integrations.tenantId, ref.tenantId));
  const [row] = await db
    .select({
      breakerFailures: integrations.breakerFailures,
      breakerOpenedAt: integrations.breakerOpenedAt,
      breakerLastError: integrations.breakerLastError,
    })
    .from(integrations)
    .where(where);
  if (!row) return;
  const view = breakerView(row);
  if (view.state === "closed") return;
  if (view.state === "open" && view.retryAt) throw new BreakerOpen(view.retryAt);
  // Half-open: claim the trial atomically; a concurrent caller sees the fresh open time and waits.
  const [claimed] = await db
    .update(integrations)
    .set({ breakerOpenedAt: sql`now()` })
    .where(
      and(
        where,
        sql`${integrations.breakerOpenedAt} <= now() - ${env.BREAKER_OPEN_SECONDS} * interval '1 second'`,
      ),
    )
    .returning({ id: integrations.id });
  if (!claimed) throw new BreakerOpen(new Date(Date.now() + env.BREAKER_OPEN_SECONDS * 1000));
}

/** Records a call's outcome: success closes the breaker; a failure counts and opens it at the threshold. */
export async function recordCallOutcome(
  db: Db,
  ref: { tenantId: string; integrationId: string },
  outcome: { ok: true } | { ok: false; error: string },
) {
  const where = and(eq(integrations.id, ref.integrationId), eq(integrations.tenantId, ref.tenantId));
  if (outcome.ok) {
    await db
      .update(integrations)
      .set({ breakerFailures: 0, breakerOpenedAt: null })
      .where(
        and(where, sql`(${integrations.breakerFailures} > 0 or ${integrations.breakerOpenedAt} is not null)`),
      );
    return;
  }
  await db
    .update(integrations)
    .set({
      breakerFailures: sql`${integrations.breakerFailures} + 1`,
      breakerLastError: outcome.error.slice(0, 500),
      breakerOpenedAt: sql`case
        when ${integrations.breakerFailures} + 1 >= ${env.BREAKER_FAILURE_THRESHOLD} then now()
        else ${integrations.breakerOpenedAt} end`,
    })
    .where(where);
}

/**
 * What a failed provider call means for the breaker: an outage, an unexplained failure or refused
 * credentials count; a provider that answered with a refusal (validation, not found, rate limit) is
 * reachable, so it closes a half-open breaker like a success.
 */
export function breakerOutcomeOf(error: ProviderError): { ok: true } | { ok: false; error: string } {
  const counts = error.type === "unavailable" || error.type === "unknown" || error.type === "auth";
  return counts ? { ok: false, error: error.message } : { ok: true };
}
