import type { Job } from "pg-boss";
import { getDb } from "@/server/db/client";
import { logger } from "@/server/logger";
import { recordAudit } from "@/server/services/audit/audit";
import { rotateAll } from "@/server/vault/rotate";
import { type QueuePayload, queues } from "../queues";

/** Re-encrypts every sealed value under the current key; a failure retries (the work is resumable). */
export async function rotateKeys(jobs: Job<QueuePayload<"vault.rotate">>[]) {
  for (const job of jobs) {
    const { batchSize } = queues["vault.rotate"].payload.parse(job.data);
    const db = await getDb();
    const report = await rotateAll(db, { batchSize, log: logger.child({ jobId: job.id }) });
    logger.info({ jobId: job.id, ...report }, "encryption key rotation finished");
    await recordAudit(db, {
      tenantId: null,
      actor: { type: "system", label: "key rotation job" },
      action: "vault.rotated",
      targetType: "vault",
      metadata: report,
    });
    if (report.failed > 0) throw new Error(`${report.failed} values could not be re-encrypted; see the log`);
  }
}
