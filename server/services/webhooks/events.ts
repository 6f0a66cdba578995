import { and, desc, eq, gte, lte, type SQL } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { invoices, syncHistory, webhookEventStatuses, webhookEvents } from "@/server/db/schema";
import { requeueEvents } from "@/server/webhooks/inbound/process";
import { recordAudit } from "../audit/audit";
import type { TenantContext, TenantRequestContext } from "../context";

export const eventFilter = z.object({
  providerId: z.string().max(40).optional(),
  integrationId: z.uuid().optional(),
  status: z.enum(webhookEventStatuses).optional(),
  eventType: z.string().max(120).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
export type EventFilter = z.infer<typeof eventFilter>;

function conditionsOf(tenantId: string, filter: EventFilter): SQL[] {
  const conditions: SQL[] = [eq(webhookEvents.tenantId, tenantId)];
  if (filter.providerId) conditions.push(eq(webhookEvents.providerId, filter.providerId));
  if (filter.integrationId) conditions.push(eq(webhookEvents.integrationId, filter.integrationId));
  if (filter.status) conditions.push(eq(webhookEvents.status, filter.status));
  if (filter.eventType) conditions.push(eq(webhookEvents.eventType, filter.eventType));
  if (filter.from) conditions.push(gte(webhookEvents.receivedAt, filter.from));
  if (filter.to) conditions.push(lte(webhookEvents.receivedAt, filter.to));
  return conditions;
}

/** The tenant's inbound events, newest first, without bodies (the detail view has them). */
export async function listEvents(
  ctx: TenantContext,
  filter: EventFilter & { limit: number; offset: number },
) {
  return ctx.db
    .select({
      id: webhookEvents.id,
      providerId: webhookEvents.providerId,
      integrationId: webhookEvents.integrationId,
      eventType: webhookEvents.eventType,
      status: webhookEvents.status,
      duplicateCount: webhookEvents.duplicateCount,
      attempts: webhookEvents.attempts,
      receivedAt: webhookEvents.receivedAt,
      processedAt: webhookEvents.processedAt,
    })
    .from(webhookEvents)
    .where(and(...conditionsOf(ctx.tenantId, filter)))
    .orderBy(desc(webhookEvents.receivedAt))
    .limit(filter.limit)
    .offset(filter.offset);
}

export async function getEvent(ctx: TenantContext, id: string) {
  const [event] = await ctx.db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.id, id), eq(webhookEvents.tenantId, ctx.tenantId)))
    .limit(1);
  if (!event) throw new AppError("NOT_FOUND", "Webhook event not found");
  // What the event did to invoices (the sync history rows it wrote).
  const changes = await ctx.db
    .select({
      invoiceId: syncHistory.invoiceId,
      invoiceNumber: invoices.number,
      action: syncHistory.action,
      fromStatus: syncHistory.fromStatus,
      toStatus: syncHistory.toStatus,
    })
    .from(syncHistory)
    .innerJoin(
      invoices,
      and(eq(invoices.id, syncHistory.invoiceId), eq(invoices.tenantId, syncHistory.tenantId)),
    )
    .where(and(eq(syncHistory.tenantId, ctx.tenantId), eq(syncHistory.webhookEventId, event.id)))
    .orderBy(desc(syncHistory.createdAt))
    .limit(50);
  return { ...event, changes };
}

/** The newest event of one integration, for its detail page. */
export async function lastEventOf(ctx: TenantContext, integrationId: string) {
  const [event] = await ctx.db
    .select({
      id: webhookEvents.id,
      eventType: webhookEvents.eventType,
      status: webhookEvents.status,
      receivedAt: webhookEvents.receivedAt,
    })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.tenantId, ctx.tenantId), eq(webhookEvents.integrationId, integrationId)))
    .orderBy(desc(webhookEvents.receivedAt))
    .limit(1);
  return event ?? null;
}

/** Replays one event, or every failed event matching a filter. */
export async function replayEvents(
  ctx: TenantRequestContext,
  target: { id: string } | { filter: EventFilter },
) {
  const ids =
    "id" in target
      ? [(await getEvent(ctx, target.id)).id]
      : (
          await ctx.db
            .select({ id: webhookEvents.id })
            .from(webhookEvents)
            .where(and(...conditionsOf(ctx.tenantId, { ...target.filter, status: "failed" })))
            .limit(1000)
        ).map((row) => row.id);
  const replayed = await requeueEvents(ctx.db, ctx.tenantId, ids);
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actor: ctx.actor,
    action: "webhook.replayed",
    targetType: "webhook_event",
    targetId: "id" in target ? target.id : null,
    ip: ctx.ip,
    metadata: { count: replayed },
  });
  return { replayed };
}
