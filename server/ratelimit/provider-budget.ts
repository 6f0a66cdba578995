import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { env } from "@/lib/env";
import { type Db, queryRows } from "@/server/db/client";
import type { ProviderDefinition, RateLimit } from "@/server/providers/types";

/**
 * Outbound provider budgets, shared by every web and worker process through Postgres:
 * - pacing (GCRA) per (provider, tenant) and per provider app-wide, kept a little under the published
 *   limit so calls never collect 429s;
 * - concurrency slots per (provider, tenant) where the provider caps parallel calls (Xero 5, QuickBooks 10);
 * - a daily counter where the provider has a daily cap (Xero 5,000).
 * A call that would have to wait longer than `maxWaitMs` is refused with the time to come back.
 */

export type ProviderLimits = {
  perTenant?: RateLimit;
  appWide?: RateLimit;
  concurrentPerTenant?: number;
  daily?: number;
};

/** A refused call: how long until the budget has room again. */
export class BudgetExhausted extends Error {
  constructor(
    readonly scope: string,
    readonly retryAfterMs: number,
  ) {
    super(`The ${scope} call budget is used up; retry in ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = "BudgetExhausted";
  }
}

/** Share of the published rate actually used at most. */
export const PACING_SAFETY = 0.95;
/**
 * Calls are paced as if each window were this much longer: a call that starts late (a slow query, a busy
 * event loop) brings the next ones closer together, and short windows (25/s) have little room for that.
 */
export const JITTER_ALLOWANCE_MS = 250;

/** Milliseconds between call starts under a limit. */
export const pacingIntervalMs = (limit: RateLimit) =>
  Math.max(
    (limit.perSeconds * 1000) / (limit.requests * PACING_SAFETY),
    (limit.perSeconds * 1000 + JITTER_ALLOWANCE_MS) / limit.requests,
  );
const LEASE_SECONDS = 60;

/** The registry's limits with PROVIDER_RATE_LIMITS overrides applied. */
export function limitsOf(provider: ProviderDefinition): ProviderLimits {
  const limits: ProviderLimits = { ...provider.rateLimits };
  const override = env.PROVIDER_RATE_LIMITS[provider.id] ?? {};
  const rate = (value: string): RateLimit => {
    const [requests = "1", perSeconds = "1"] = value.split("/");
    return { requests: Number(requests), perSeconds: Number(perSeconds) };
  };
  if (override.perTenant) limits.perTenant = rate(override.perTenant);
  if (override.appWide) limits.appWide = rate(override.appWide);
  if (override.concurrentPerTenant) limits.concurrentPerTenant = Number(override.concurrentPerTenant);
  if (override.daily) limits.daily = Number(override.daily);
  return limits;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reserves a start time under `key` (GCRA): calls are spaced `interval` apart. Returns the wait before
 * the reserved start, or null (nothing reserved) when that wait would exceed `maxWaitMs`.
 */
async function reserveSlot(db: Db, key: string, limit: RateLimit, maxWaitMs: number) {
  const intervalMs = pacingIntervalMs(limit);
  const [row] = await queryRows<{ wait_ms: number | string }>(
    db,
    sql`insert into rate_schedules as s (key, next_at)
          values (${key}, clock_timestamp() + ${intervalMs} * interval '1 millisecond')
        on conflict (key) do update
          set next_at = greatest(s.next_at, clock_timestamp()) + ${intervalMs} * interval '1 millisecond'
          where greatest(s.next_at, clock_timestamp()) - clock_timestamp() <= ${maxWaitMs} * interval '1 millisecond'
        returning greatest(0, extract(epoch from (next_at - clock_timestamp())) * 1000 - ${intervalMs}) as wait_ms`,
  );
  if (row) return { waitMs: Number(row.wait_ms) };
  const [current] = await queryRows<{ wait_ms: number | string }>(
    db,
    sql`select greatest(0, extract(epoch from (next_at - clock_timestamp())) * 1000) as wait_ms
        from rate_schedules where key = ${key}`,
  );
  return { waitMs: null, retryAfterMs: Number(current?.wait_ms ?? intervalMs) };
}

/** Counts one call in today's window (UTC); false when the daily cap is reached. */
async function countDaily(db: Db, key: string, daily: number) {
  const [row] = await queryRows<{ count: number; retry_ms: number | string }>(
    db,
    sql`insert into rate_counters as c (key, count, window_ends_at)
          values (${key}, 1, date_trunc('day', now() at time zone 'utc') at time zone 'utc' + interval '1 day')
        on conflict (key) do update set
          count = case when c.window_ends_at <= now() then 1 else c.count + 1 end,
          window_ends_at = case when c.window_ends_at <= now()
            then date_trunc('day', now() at time zone 'utc') at time zone 'utc' + interval '1 day'
            else c.window_ends_at end
        returning count, extract(epoch from (window_ends_at - now())) * 1000 as retry_ms`,
  );
  const count = Number(row?.count ?? 0);
  return { allowed: count <= daily, retryAfterMs: Number(row?.retry_ms ?? 60_000) };
}

const preparedSlots = new Set<string>();

/**
 * Takes one of `slots` concurrency slots under `key`, waiting up to `maxWaitMs`; returns its release.
 * A holder that dies without releasing loses the slot after `leaseSeconds`.
 */
export async function leaseSlot(
  db: Db,
  key: string,
  slots: number,
  maxWaitMs: number,
  leaseSeconds = LEASE_SECONDS,
) {
  const slotsKey = `${key}#${slots}`;
  if (!preparedSlots.has(slotsKey)) {
    await queryRows(
      db,
      sql`insert into concurrency_leases (key, slot)
          select ${key}, g from generate_series(0, ${slots - 1}) as g
          on conflict do nothing`,
    );
    await queryRows(db, sql`delete from concurrency_leases where key = ${key} and slot >= ${slots}`);
    preparedSlots.add(slotsKey);
  }
  const holder = randomUUID();
  const deadline = Date.now() + maxWaitMs;
  for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
    const [leased] = await queryRows<{ slot: number }>(
      db,
      sql`update concurrency_leases l
            set holder = ${holder}, expires_at = now() + ${leaseSeconds} * interval '1 second'
          from (
            select slot from concurrency_leases
            where key = ${key} and (holder is null or expires_at < now())
            order by slot limit 1 for update skip locked
          ) free
          where l.key = ${key} and l.slot = free.slot
          returning l.slot`,
    );
    if (leased) {
      return async () => {
        await queryRows(
          db,
          sql`update concurrency_leases set holder = null, expires_at = null
              where key = ${key} and slot = ${leased.slot} and holder = ${holder}`,
        );
      };
    }
    if (Date.now() + pause > deadline) throw new BudgetExhausted("concurrent", pause);
    await sleep(pause);
  }
}

export type CallPermit = { release(): Promise<void> };

/**
 * Waits for the budget of one call to `provider` for `tenantId`; returns a permit to release when the
 * call is done. Throws BudgetExhausted when the wait would exceed `maxWaitMs`.
 */
export async function acquireCallBudget(
  db: Db,
  provider: ProviderDefinition,
  tenantId: string,
  options: { maxWaitMs?: number } = {},
): Promise<CallPermit> {
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const limits = limitsOf(provider);
  const tenantKey = `out:${provider.id}:tenant:${tenantId}`;
  if (limits.daily) {
    const daily = await countDaily(db, `${tenantKey}:day`, limits.daily);
    if (!daily.allowed) throw new BudgetExhausted("daily", daily.retryAfterMs);
  }
  let waitMs = 0;
  for (const [key, limit] of [
    [tenantKey, limits.perTenant],
    [`out:${provider.id}:app`, limits.appWide],
  ] as const) {
    if (!limit) continue;
    const reserved = await reserveSlot(db, key, limit, maxWaitMs);
    if (reserved.waitMs === null) throw new BudgetExhausted("rate", reserved.retryAfterMs);
    waitMs = Math.max(waitMs, reserved.waitMs);
  }
  if (waitMs > 0) await sleep(waitMs);
  if (!limits.concurrentPerTenant) return { release: async () => {} };
  const release = await leaseSlot(db, `${tenantKey}:concurrent`, limits.concurrentPerTenant, maxWaitMs);
  return { release };
}
