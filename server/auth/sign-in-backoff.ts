import { eq, sql } from "drizzle-orm";
import type { Db } from "@/server/db/client";
import { signInFailure } from "@/server/db/schema";

/** Failed sign-ins an account absorbs before it is locked; each failure after that doubles the lock. */
export const FREE_FAILURES = 5;
const FIRST_LOCK_SECONDS = 30;
const LONGEST_LOCK_SECONDS = 60 * 60;

export const normalizedEmail = (email: string) => email.trim().toLowerCase();

/** Seconds the account is still locked for, or 0. */
export async function lockedForSeconds(db: Db, email: string, now = new Date()) {
  const [row] = await db
    .select({ lockedUntil: signInFailure.lockedUntil })
    .from(signInFailure)
    .where(eq(signInFailure.email, normalizedEmail(email)))
    .limit(1);
  const until = row?.lockedUntil?.getTime() ?? 0;
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

/**
 * Counts one more consecutive failure for the account (whatever address it came from, and whether
 * or not the account exists, so the lock says nothing about which addresses have accounts). From
 * the FREE_FAILURES-th on, the account is locked for 30 s, 60 s, 120 s … up to an hour.
 */
export async function recordFailedSignIn(db: Db, email: string) {
  const lockSeconds = sql`least(${LONGEST_LOCK_SECONDS}, ${FIRST_LOCK_SECONDS} * power(2, greatest(0, ${signInFailure.failures} + 1 - ${FREE_FAILURES})))`;
  const [row] = await db
    .insert(signInFailure)
    .values({
      email: normalizedEmail(email),
      failures: 1,
      lockedUntil: FREE_FAILURES <= 1 ? new Date(Date.now() + FIRST_LOCK_SECONDS * 1000) : null,
    })
    .onConflictDoUpdate({
      target: signInFailure.email,
      set: {
        failures: sql`${signInFailure.failures} + 1`,
        lockedUntil: sql`case when ${signInFailure.failures} + 1 >= ${FREE_FAILURES} then now() + make_interval(secs => ${lockSeconds}) else ${signInFailure.lockedUntil} end`,
        updatedAt: new Date(),
      },
    })
    .returning({ failures: signInFailure.failures, lockedUntil: signInFailure.lockedUntil });
  return row;
}

/** A successful sign-in clears the account's count. */
export async function recordSuccessfulSignIn(db: Db, email: string) {
  await db.delete(signInFailure).where(eq(signInFailure.email, normalizedEmail(email)));
}
