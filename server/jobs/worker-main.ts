// `npm run worker`: the job worker as its own process beside any number of web processes.
import "@/server/cli/load-env";
import { isEmbeddedDatabase } from "@/lib/env";
import { onShutdown, prepareDatabase } from "@/server/boot";
import { closeDatabase } from "@/server/db/client";
import { logger } from "@/server/logger";
import { startWorker, stopWorker } from "./worker";

if (isEmbeddedDatabase()) {
  logger.error(
    "The embedded database runs its job worker inside the web server (npm run dev / npm start). " +
      "Set DATABASE_URL to PostgreSQL to run workers as separate processes.",
  );
  process.exit(2);
}

const handle = await prepareDatabase();
const boss = await startWorker();
onShutdown(async () => {
  await stopWorker(boss);
  await closeDatabase();
});
logger.info({ database: handle.kind, pid: process.pid }, "worker ready");
