import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "@/server/db/client";

export type BucketPolicy = { ratePerSecond: number; burst: number };
export type BucketDecision = { allowed: boolean; retryAfterSeconds: number };

/**
 * A token bucket kept in Postgres, so every web and worker process shares it: one atomic upsert
 * refills by elapsed time and takes a token if a whole one is there. A refused request takes
 * nothing, so a caller that keeps asking while refused does not push its own (or anyone's) next
 * token further away. Elapsed time never counts negative: concurrent statements may start before
 * the last writer's timestamp.
 *
 * `rows` supplies the bucket's key (and a new bucket's starting values, from `newBucketValues`):
 * a VALUES list, or a SELECT that yields no row when no token should be taken at all.
 */
export function bucketUpsert(rows: SQL, policy: BucketPolicy): SQL {
  const refilled = sql`least(${policy.burst}::float8, b.tokens + greatest(0, extract(epoch from now() - b.updated_at)) * ${policy.ratePerSecond}::float8)`;
  return sql`insert into rate_buckets as b (key, tokens, granted, updated_at) ${rows}
    on conflict (key) do update set
      tokens = case when ${refilled} >= 1 then ${refilled} - 1 else ${refilled} end,
      granted = ${refilled} >= 1,
      updated_at = greatest(b.updated_at, now())
    returning tokens, granted`;
}

/** tokens, granted, updated_at of a bucket seen for the first time (the key comes first). */
export const newBucketValues = (policy: BucketPolicy) =>
  sql`${policy.burst - 1}::float8, ${policy.burst >= 1}, now()`;

/** The decision from a bucket row as `bucketUpsert` returns it. */
export function decisionOf(
  row: { tokens: number | string; granted: boolean } | undefined,
  policy: BucketPolicy,
): BucketDecision {
  if (row?.granted) return { allowed: true, retryAfterSeconds: 0 };
  const missing = 1 - Number(row?.tokens ?? 0);
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(missing / policy.ratePerSecond)) };
}

export async function takeToken(db: Db, key: string, policy: BucketPolicy): Promise<BucketDecision> {
  const [row] = await queryRows<{ tokens: number; granted: boolean }>(
    db,
    bucketUpsert(sql`values (${key}, ${newBucketValues(policy)})`, policy),
  );
  return decisionOf(row, policy);
}
