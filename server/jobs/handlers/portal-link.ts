import type { Job } from "pg-boss";
import { getAuth } from "@/server/auth";
import { getDb } from "@/server/db/client";
import { logger } from "@/server/logger";
import { hasPortalAccess } from "@/server/services/portal/portal";
import { sendPortalSignInLink } from "@/server/services/portal/sign-in";
import { type QueuePayload, queues } from "../queues";

/** Sends a requested portal link if the address has live portal access; otherwise does nothing. */
export async function sendRequestedPortalLinks(jobs: Job<QueuePayload<"portal.link">>[]) {
  const [db, auth] = await Promise.all([getDb(), getAuth()]);
  for (const job of jobs) {
    const { email } = queues["portal.link"].payload.parse(job.data);
    if (!(await hasPortalAccess(db, email))) {
      logger.info({ jobId: job.id }, "portal link asked for an address without access; none sent");
      continue;
    }
    await sendPortalSignInLink(auth, email);
  }
}
