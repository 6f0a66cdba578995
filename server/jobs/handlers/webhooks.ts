import type { Job } from "pg-boss";
import { getDb } from "@/server/db/client";
import { logger } from "@/server/logger";
import { processWebhookEvent, sweepUnprocessed } from "@/server/webhooks/inbound/process";
import { type QueuePayload, queues } from "../queues";

/** Processes stored inbound events; a thrown error makes pg-boss retry with backoff. */
export async function processWebhooks(jobs: Job<QueuePayload<"webhook.process">>[]) {
  const db = await getDb();
  // Events are independent (each locks its own row): a batch is processed concurrently.
  await Promise.all(
    jobs.map(async (job) => {
      const { eventId } = queues["webhook.process"].payload.parse(job.data);
      const status = await processWebhookEvent(db, eventId);
      logger.debug({ jobId: job.id, eventId, status }, "webhook event processed");
    }),
  );
}

export async function sweepWebhooks() {
  const queued = await sweepUnprocessed(await getDb());
  if (queued) logger.warn({ queued }, "re-queued webhook events left unprocessed");
}
