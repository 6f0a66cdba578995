import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";

/**
 * A fresh database for one test run: a new database on the PostgreSQL server named by
 * TEST_DATABASE_URL (or DATABASE_URL), or an embedded PGlite directory when neither is set.
 */
export async function createTestDatabase(label: string) {
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), `plugboard-${label}-`));
    return {
      env: { PGLITE_DIR: path.join(dir, "pglite") } as Record<string, string>,
      describe: `embedded PGlite at ${dir}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `plugboard_${label}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() } as Record<string, string>,
    describe: `PostgreSQL database ${name}`,
    drop: async () => {
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    },
  };
}
