import type { PgBoss } from "pg-boss";
import { env } from "@/lib/env";
import { getDatabase, getDb } from "@/server/db/client";
import { logger } from "@/server/logger";
import { refreshDueTokens } from "@/server/services/oauth/background";
import { createBoss, currentBoss, setBoss } from "./boss";
import {
  checkIntegrationHealth,
  markOverdueInvoices,
  pushInvoices,
  reconcileInvoices,
  scheduleInvoiceWork,
} from "./handlers/invoices";
import { sendRequestedPortalLinks } from "./handlers/portal-link";
import { rotateKeys } from "./handlers/rotate-keys";
import { sendEmail } from "./handlers/send-email";
import { processWebhooks, sweepWebhooks } from "./handlers/webhooks";

/** Starts pg-boss with supervision and registers every queue's handler. */
export async function startWorker(): Promise<PgBoss> {
  const existing = currentBoss();
  if (existing) {
    // A producer-only client may already exist in this process; the worker replaces it.
    await (await existing.catch(() => null))?.stop({ graceful: false, close: true });
  }
  const handle = await getDatabase();
  const bossPromise = createBoss(handle, { supervise: true });
  setBoss(bossPromise);
  const boss = await bossPromise;
  await boss.work("email.send", { batchSize: 1, pollingIntervalSeconds: 1 }, sendEmail);
  await boss.work("portal.link", { batchSize: 1, pollingIntervalSeconds: 1 }, sendRequestedPortalLinks);
  await boss.work("vault.rotate", { batchSize: 1, pollingIntervalSeconds: 2 }, rotateKeys);
  await boss.work(
    "webhook.process",
    // A full batch means a backlog: fetch the next one at once instead of waiting for the poll.
    { batchSize: 20, pollingIntervalSeconds: 0.5, localConcurrency: 4, burstWhenBatchFull: true },
    processWebhooks,
  );
  await boss.work("webhook.sweep", { batchSize: 1, pollingIntervalSeconds: 5 }, sweepWebhooks);
  await boss.schedule("webhook.sweep", "* * * * *");
  await boss.work("oauth.refresh-due", { batchSize: 1, pollingIntervalSeconds: 10 }, async () => {
    const report = await refreshDueTokens(await getDb(), logger);
    if (report.refreshed || report.failed) logger.info(report, "background token refresh");
  });
  await boss.schedule("oauth.refresh-due", "*/10 * * * *");
  await boss.work(
    "invoice.push",
    // NOTIFY wakes it for new pushes; most are delayed jobs (backoff, budget and turn waits), so
    // it still polls every 0.5 s rather than at pg-boss's 30 s backstop under NOTIFY.
    { batchSize: 1, localConcurrency: 8, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5 },
    pushInvoices,
  );
  await boss.work(
    "invoice.reconcile",
    { batchSize: 1, localConcurrency: 2, pollingIntervalSeconds: 2 },
    reconcileInvoices,
  );
  await boss.work("invoice.schedule", { batchSize: 1, pollingIntervalSeconds: 10 }, scheduleInvoiceWork);
  await boss.schedule("invoice.schedule", "*/5 * * * *");
  await boss.work("invoice.overdue", { batchSize: 1, pollingIntervalSeconds: 30 }, markOverdueInvoices);
  await boss.schedule("invoice.overdue", "15 0 * * *");
  await boss.work("integration.health", { batchSize: 1, pollingIntervalSeconds: 30 }, checkIntegrationHealth);
  await boss.schedule("integration.health", "30 3 * * *");
  logger.info({ database: handle.kind }, "job worker started");
  return boss;
}

/** Stops taking new jobs and waits for in-flight ones (up to SHUTDOWN_TIMEOUT_SECONDS). */
export async function stopWorker(boss: PgBoss) {
  logger.info("job worker draining");
  await boss.stop({ graceful: true, close: true, timeout: env.SHUTDOWN_TIMEOUT_SECONDS * 1000 });
  logger.info("job worker stopped");
}
