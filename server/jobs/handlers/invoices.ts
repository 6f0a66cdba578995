import type { Job } from "pg-boss";
import { getDb } from "@/server/db/client";
import { logger } from "@/server/logger";
import { runHealthChecks } from "@/server/services/integrations/health";
import { pushInvoiceSync } from "@/server/services/sync/push";
import {
  integrationsDueForReconcile,
  markOverdue,
  reconcileIntegration,
  stalledPushes,
} from "@/server/services/sync/reconcile";
import { enqueue } from "../boss";
import { type QueuePayload, queues } from "../queues";

/** Queues a push of one sync, once: a second request while one is queued is a no-op. */
export async function queuePush(ref: { tenantId: string; invoiceSyncId: string }, startAfter?: Date) {
  return enqueue("invoice.push", ref, {
    singletonKey: ref.invoiceSyncId,
    ...(startAfter ? { startAfter } : {}),
  });
}

/** One push attempt per job; retries, budget waits and breaker waits come back as a later job. */
export async function pushInvoices(jobs: Job<QueuePayload<"invoice.push">>[]) {
  const db = await getDb();
  await Promise.all(
    jobs.map(async (job) => {
      const ref = queues["invoice.push"].payload.parse(job.data);
      const outcome = await pushInvoiceSync(db, logger, ref);
      if (outcome.kind === "retry" || outcome.kind === "deferred") {
        // A fresh job (not a pg-boss retry): the singleton key is free again once this one completes.
        await enqueue("invoice.push", ref, { startAfter: outcome.retryAt });
      }
      logger.debug({ jobId: job.id, ...ref, outcome: outcome.kind }, "invoice push job done");
    }),
  );
}

export async function reconcileInvoices(jobs: Job<QueuePayload<"invoice.reconcile">>[]) {
  const db = await getDb();
  for (const job of jobs) {
    const { tenantId, integrationId, force } = queues["invoice.reconcile"].payload.parse(job.data);
    const report = await reconcileIntegration(db, logger, { tenantId, integrationId }, { force });
    logger.info({ integrationId, ...report }, "invoices reconciled");
  }
}

export async function scheduleInvoiceWork() {
  const db = await getDb();
  for (const due of await integrationsDueForReconcile(db)) {
    await enqueue("invoice.reconcile", { ...due, force: false }, { singletonKey: due.integrationId });
  }
  const stalled = await stalledPushes(db);
  for (const ref of stalled) await queuePush(ref);
  if (stalled.length) logger.warn({ queued: stalled.length }, "re-queued invoice pushes left pending");
}

export async function markOverdueInvoices() {
  const marked = await markOverdue(await getDb());
  if (marked) logger.info({ marked }, "invoices marked overdue");
}

export async function checkIntegrationHealth() {
  const report = await runHealthChecks(await getDb(), logger);
  logger.info(report, "integration health checked");
}
