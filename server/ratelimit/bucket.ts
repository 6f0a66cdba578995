import { sql } from "drizzle-orm";
import { type Db, queryRows } from "@/server/db/client";

export type BucketPolicy = { ratePerSecond: number; burst: number };
export type BucketDecision = { allowed: boolean; retryAfterSeconds: number };

/**
 * A token bucket kept in Postgres, so every web and worker process shares it: one atomic upsert
 * refills by elapsed time, takes a token, and says whether one was there.
 */
export async function takeToken(db: Db, key: string, policy: BucketPolicy): Promise<BucketDecision> {
  const [row] = await queryRows<{ tokens: number }>(
    db,
    sql`insert into rate_buckets as b (key, tokens, updated_at) values (${key}, ${policy.burst - 1}, now())
        on conflict (key) do update set
          tokens = greatest(-1, least(${policy.burst}::float8, b.tokens + extract(epoch from now() - b.updated_at) * ${policy.ratePerSecond}::float8) - 1),
          updated_at = now()
        returning tokens`,
  );
  const tokens = Number(row?.tokens ?? -1);
  if (tokens >= 0) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(-tokens / policy.ratePerSecond)) };
}
