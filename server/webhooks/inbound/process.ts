import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/server/db/client";
import { webhookEvents } from "@/server/db/schema";
import { enqueue } from "@/server/jobs/boss";
import { inboundHandlers } from "./handlers";

/**
 * Processes one stored event exactly once: the row is locked, already-final events are skipped, the
 * handler's change and the status land in one transaction. A failure records the error and rethrows
 * so the queue retries with backoff.
 */
export async function processWebhookEvent(db: Db, eventId: string) {
  try {
    return await db.transaction(async (tx) => {
      const [event] = await tx
        .select()
        .from(webhookEvents)
        .where(eq(webhookEvents.id, eventId))
        .for("update")
        .limit(1);
      if (!event || event.status === "processed" || event.status === "ignored")
        return event?.status ?? "missing";
      const handler = event.eventType ? inboundHandlers[event.providerId]?.[event.eventType] : undefined;
      const outcome = handler
        ? await handler(tx, event, JSON.parse(event.body))
        : `no handler for ${event.eventType ?? "this event"}`;
      const status = handler ? "processed" : "ignored";
      await tx
        .update(webhookEvents)
        .set({
          status,
          outcome,
          attempts: sql`${webhookEvents.attempts} + 1`,
          lastError: null,
          processedAt: new Date(),
        })
        .where(and(eq(webhookEvents.id, event.id), eq(webhookEvents.tenantId, event.tenantId)));
      return status;
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .update(webhookEvents)
      .set({
        status: "failed",
        lastError: message.slice(0, 1000),
        attempts: sql`${webhookEvents.attempts} + 1`,
      })
      .where(eq(webhookEvents.id, eventId));
    throw error;
  }
}

/** Queues events still `received` after 30 s (a lost enqueue or a crashed worker): nothing stays unprocessed. */
export async function sweepUnprocessed(db: Db) {
  const stale = await db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(
      and(eq(webhookEvents.status, "received"), lt(webhookEvents.receivedAt, new Date(Date.now() - 30_000))),
    )
    .limit(500);
  for (const { id } of stale) await enqueue("webhook.process", { eventId: id }, { singletonKey: id });
  return stale.length;
}

/** Puts events back in the queue (replay); handlers are idempotent per event, so a replay is safe. */
export async function requeueEvents(db: Db, tenantId: string, ids: string[]) {
  if (!ids.length) return 0;
  const updated = await db
    .update(webhookEvents)
    .set({ status: "received", lastError: null })
    .where(and(eq(webhookEvents.tenantId, tenantId), inArray(webhookEvents.id, ids)))
    .returning({ id: webhookEvents.id });
  for (const { id } of updated) await enqueue("webhook.process", { eventId: id });
  return updated.length;
}
