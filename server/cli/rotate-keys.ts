// `npm run keys:rotate`: re-encrypts every stored secret under ENCRYPTION_KEY_CURRENT, in batches.
// Safe while the app runs on PostgreSQL; on the embedded database use Admin → Rotate keys instead.
import "@/server/cli/load-env";
import { closeDatabase, getDatabase } from "@/server/db/client";
import { EmbeddedDatabaseBusyError } from "@/server/db/embedded-lock";
import { logger } from "@/server/logger";
import { keyRing } from "@/server/vault/keyring";
import { rotateAll } from "@/server/vault/rotate";

try {
  const handle = await getDatabase();
  console.log(`Rotating every sealed value to key "${keyRing().currentId}"...`);
  const report = await rotateAll(handle.db, { log: logger });
  console.log(
    `Rotated ${report.rotated}, failed ${report.failed}, left on other keys ${report.remaining}, in ${report.durationMs} ms.`,
  );
  process.exitCode = report.failed > 0 ? 1 : 0;
} catch (error) {
  if (!(error instanceof EmbeddedDatabaseBusyError)) throw error;
  console.error(
    `Error: ${error.message}\nWhile the server runs, a platform admin can start the rotation from /admin.`,
  );
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
