import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { logger } from "@/server/logger";
import { type DatabaseHandle, queryRows } from "./client";

export const migrationsFolder = path.join(process.cwd(), "drizzle");
/** Arbitrary constant shared by every process that migrates or seeds: one at a time. */
const MIGRATION_LOCK_KEY = 74_201_117;

type Journal = { entries: { tag: string }[] };

export function expectedMigrations(): string[] {
  const journal = JSON.parse(
    readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8"),
  ) as Journal;
  return journal.entries.map((entry) => entry.tag);
}

/**
 * Applies committed migrations. On PostgreSQL a session advisory lock serialises concurrent
 * starters (web and worker processes booting together); the embedded database has one owner.
 */
export async function runMigrations(handle: DatabaseHandle) {
  const started = performance.now();
  if (handle.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    const { drizzle } = await import("drizzle-orm/pglite");
    await migrate(drizzle(handle.pglite), { migrationsFolder });
  } else {
    await withMigrationLock(handle, async (lockedSql) => {
      const { migrate } = await import("drizzle-orm/postgres-js/migrator");
      const { drizzle } = await import("drizzle-orm/postgres-js");
      await migrate(drizzle(lockedSql), { migrationsFolder });
    });
  }
  logger.info({ ms: Math.round(performance.now() - started) }, "database migrations applied");
}

/** Runs `work` while holding the cluster-wide migration lock, on one dedicated connection. */
export async function withMigrationLock<T>(
  handle: Extract<DatabaseHandle, { kind: "postgres" }>,
  work: (lockedSql: import("postgres").Sql) => Promise<T>,
): Promise<T> {
  const { default: createSql } = await import("postgres");
  const lockedSql = createSql(handle.url, { max: 1, onnotice: () => {} });
  try {
    await lockedSql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    return await work(lockedSql);
  } finally {
    await lockedSql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
    await lockedSql.end({ timeout: 5 });
  }
}

/** How many committed migrations the database has applied, for /api/health. */
export async function migrationStatus(handle: DatabaseHandle) {
  const expected = expectedMigrations().length;
  const rows = await queryRows<{ applied: number }>(
    handle.db,
    sql`select count(*)::int as applied from drizzle.__drizzle_migrations`,
  );
  const applied = Number(rows[0]?.applied ?? 0);
  return { applied, expected, upToDate: applied >= expected };
}
