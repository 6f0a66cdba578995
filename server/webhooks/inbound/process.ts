import { and, eq, inArray, lt, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/server/db/client";
import { type WebhookEventStatus, webhookEvents } from "@/server/db/schema";
import { enqueue } from "@/server/jobs/boss";
import { handlerFor } from "./handlers";

/**
 * Processes one stored event exactly once, in two phases:
 * 1. outside any transaction: skip events already processed or ignored, then run the handler's
 *    `prepare` (provider reads; no row is locked while HTTP runs, and on PGlite a query outside an
 *    open transaction would wait for it);
 * 2. in one transaction: lock the event row, check again that no one finished it meanwhile, run
 *    `apply` and mark the event processed (or ignored when its type has no handler).
 * A failure in either phase records the error and rethrows so the queue retries with backoff.
 */
export async function processWebhookEvent(db: Db, eventId: string) {
  try {
    const [seen] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, eventId)).limit(1);
    if (!seen || isDone(seen.status)) return seen?.status ?? "missing";
    const handler = handlerFor(seen);
    const payload: unknown = handler ? JSON.parse(seen.body) : null;
    const prepared = handler?.prepare ? await handler.prepare(db, seen, payload) : undefined;
    return await db.transaction(async (tx) => {
      const [event] = await tx
        .select()
        .from(webhookEvents)
        .where(eq(webhookEvents.id, eventId))
        .for("update")
        .limit(1);
      if (!event || isDone(event.status)) return event?.status ?? "missing";
      const outcome = handler
        ? await handler.apply(tx, event, payload, prepared)
        : `no handler for ${event.eventType ?? "this event"}`;
      const status = handler ? "processed" : "ignored";
      await tx
        .update(webhookEvents)
        .set({
          status,
          outcome: outcome.slice(0, 4000),
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
      // Never over a concurrent worker's success: a finished event stays finished.
      .where(and(eq(webhookEvents.id, eventId), notInArray(webhookEvents.status, ["processed", "ignored"])));
    throw error;
  }
}

/** Events in these states are never processed again (a replay puts them back to `received`). */
const isDone = (status: WebhookEventStatus) => status === "processed" || status === "ignored";

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
