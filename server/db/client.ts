import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import { env } from "@/lib/env";
import { logger } from "@/server/logger";
import { defaultDataDir, legacyDataDir } from "./data-dir";
import { claimEmbeddedDirectory, releaseEmbeddedDirectory } from "./embedded-lock";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type DatabaseHandle =
  | { kind: "postgres"; db: Db; sql: postgres.Sql; url: string; close: () => Promise<void> }
  | { kind: "pglite"; db: Db; pglite: PGlite; dataDir: string; close: () => Promise<void> };

/** Opens a connection: postgres.js when DATABASE_URL is set, otherwise the embedded PGlite directory. */
export async function openDatabase(
  options: { url?: string; dataDir?: string } = { url: env.DATABASE_URL, dataDir: env.PGLITE_DIR },
): Promise<DatabaseHandle> {
  if (options.url) {
    const { default: createSql } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const url = options.url;
    const sql = createSql(url, {
      max: 10,
      onnotice: () => {},
      connection: { application_name: "plugboard", ...sessionLimits() },
    });
    const db = drizzle(sql, { schema }) as unknown as Db;
    return { kind: "postgres", db, sql, url, close: () => sql.end({ timeout: 5 }) };
  }
  const dataDir = path.resolve(options.dataDir ?? env.PGLITE_DIR ?? defaultDataDir());
  const legacy = options.dataDir || env.PGLITE_DIR ? null : legacyDataDir();
  if (legacy) {
    logger.warn(
      { legacy, dataDir },
      "an embedded database from an older version is in ./.data/pglite, inside the project, where it makes `next dev` reload pages; this version uses dataDir: move it there (or set PGLITE_DIR) to keep its data",
    );
  }
  mkdirSync(path.dirname(dataDir), { recursive: true });
  claimEmbeddedDirectory(dataDir);
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  try {
    const pglite = await PGlite.create(dataDir);
    const db = drizzle(pglite, { schema }) as unknown as Db;
    logger.info({ dataDir }, "embedded database opened");
    return {
      kind: "pglite",
      db,
      pglite,
      dataDir,
      close: async () => {
        await pglite.close();
        releaseEmbeddedDirectory(dataDir);
      },
    };
  } catch (error) {
    releaseEmbeddedDirectory(dataDir);
    throw error;
  }
}

/**
 * Server-side limits on every app connection (see .env.example). A statement waiting on a locked
 * table gives up after `lock_timeout` (SQLSTATE 55P03, answered 503 with Retry-After), so one locked
 * table cannot hold every pooled connection and stall unrelated routes; a runaway statement ends at
 * `statement_timeout` (57014); a transaction left open by a stuck caller is ended by the server.
 * Not applied to PGlite: one connection, no other session to wait for, no server-side timers.
 */
export function sessionLimits() {
  return {
    statement_timeout: env.DATABASE_STATEMENT_TIMEOUT_MS,
    lock_timeout: env.DATABASE_LOCK_TIMEOUT_MS,
    idle_in_transaction_session_timeout: env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

const globalForDb = globalThis as unknown as { plugboardDb?: Promise<DatabaseHandle> };

/** The process-wide database, opened on first use (never at import: `next build` imports routes). */
export function getDatabase(): Promise<DatabaseHandle> {
  globalForDb.plugboardDb ??= openDatabase().catch((error: unknown) => {
    globalForDb.plugboardDb = undefined;
    throw error;
  });
  return globalForDb.plugboardDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

export async function closeDatabase() {
  const handle = globalForDb.plugboardDb;
  globalForDb.plugboardDb = undefined;
  if (handle) await (await handle).close();
}

/** Rows of a raw SQL query; postgres.js returns an array, PGlite `{ rows }`. */
export async function queryRows<Row>(db: Db | Tx, query: import("drizzle-orm").SQL): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}
