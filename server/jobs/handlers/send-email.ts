import type { Job } from "pg-boss";
import { logger } from "@/server/logger";
import { createTransport } from "@/server/mail/transport";
import { type QueuePayload, queues } from "../queues";

const transport = createTransport();

/** Delivers one email; a failure throws so pg-boss retries it with backoff. */
export async function sendEmail(jobs: Job<QueuePayload<"email.send">>[]) {
  for (const job of jobs) {
    const mail = queues["email.send"].payload.parse(job.data);
    const { messageId } = await transport.send(mail);
    logger.info({ jobId: job.id, to: mail.to, messageId, transport: transport.kind }, "email sent");
  }
}
