import { inArray } from "drizzle-orm";
import { env } from "@/lib/env";
import { getAuth } from "@/server/auth";
import { originsNotice } from "@/server/auth/origins";
import { closeDatabase, type DatabaseHandle, getDatabase } from "@/server/db/client";
import { runMigrations, withMigrationLock } from "@/server/db/migrate";
import { user } from "@/server/db/schema";
import { seedDemoIfEmpty } from "@/server/db/seed";
import { startWorker, stopWorker } from "@/server/jobs/worker";
import { logger } from "@/server/logger";
import { syncProviders } from "@/server/services/providers/providers";

/** Migrates and, on an empty database, seeds the demo tenant; one process at a time on PostgreSQL. */
export async function prepareDatabase(): Promise<DatabaseHandle> {
  const handle = await getDatabase();
  await runMigrations(handle);
  if (env.PLATFORM_ADMINS.length) {
    // Promote (never demote) existing users listed in PLATFORM_ADMINS; new ones are flagged at sign-up.
    await handle.db
      .update(user)
      .set({ isPlatformAdmin: true })
      .where(inArray(user.email, env.PLATFORM_ADMINS));
  }
  await syncProviders(handle.db);
  if (env.SEED_DEMO) {
    const seed = async () => seedDemoIfEmpty(handle.db, await getAuth());
    if (handle.kind === "postgres") await withMigrationLock(handle, seed);
    else await seed();
  }
  return handle;
}

/** Web server start (instrumentation.ts): database ready, and the job worker in-process when it should be. */
export async function bootWeb() {
  const handle = await prepareDatabase();
  logger.info(originsNotice());
  const runWorker = handle.kind === "pglite" || env.RUN_WORKER;
  if (handle.kind === "pglite" && !env.RUN_WORKER) {
    logger.warn("RUN_WORKER=false is ignored on the embedded database: only this process can run jobs");
  }
  if (!runWorker) {
    logger.info("job worker not started in the web process (RUN_WORKER=false); run `npm run worker`");
    return;
  }
  const boss = await startWorker();
  onShutdown(async () => {
    await stopWorker(boss);
    await closeDatabase();
  });
}

/** Runs `cleanup` once on SIGTERM/SIGINT, then exits. */
export function onShutdown(cleanup: () => Promise<void>) {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    cleanup()
      .catch((error: unknown) => logger.error({ err: error }, "shutdown failed"))
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", handler);
  process.once("SIGINT", handler);
}
