import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/server/db/client";
import {
  eventOutbox,
  type InvoiceStatus,
  type InvoiceSyncStatus,
  invoiceSyncs,
  invoices,
  type SyncSource,
  syncHistory,
} from "@/server/db/schema";
import type { ExternalInvoiceState, ExternalInvoiceStatus } from "@/server/providers/invoicing";

/**
 * The order-safe state machine of an invoice sync. Updates arrive from pushes, webhooks (in any order,
 * possibly repeated), reconciliation and people; each is ranked, and a lower-rank or final-state
 * update never overwrites what is stored: a late `invoice.finalized` after `invoice.paid` leaves it
 * paid, a `payment_failed` after `paid` changes nothing.
 */
const rank: Record<InvoiceSyncStatus, number> = {
  pending: 0,
  failed: 0,
  synced: 1,
  overdue: 2,
  uncollectible: 3,
  paid: 4,
  void: 4,
};
const finalStatuses = new Set<InvoiceSyncStatus>(["paid", "void"]);
export const isFinalSyncStatus = (status: InvoiceSyncStatus) => finalStatuses.has(status);

/** What a provider status means for the sync. */
export const syncStatusOf = (status: ExternalInvoiceStatus): InvoiceSyncStatus =>
  status === "draft" || status === "open" ? "synced" : status;

/** The invoice's own status that follows from the sync's. */
const invoiceStatusOf: Partial<Record<InvoiceSyncStatus, InvoiceStatus>> = {
  synced: "open",
  overdue: "open",
  paid: "paid",
  void: "void",
  uncollectible: "uncollectible",
};

const outboxEventOf: Partial<Record<InvoiceSyncStatus, string>> = {
  synced: "invoice.synced",
  paid: "invoice.paid",
  void: "invoice.voided",
  uncollectible: "invoice.uncollectible",
  overdue: "invoice.overdue",
  failed: "invoice.sync_failed",
};

export type Decision = "apply" | "refresh" | "ignore";

/** Whether `next` may replace `current` (pure; the unit tests walk every pair). */
export function decide(current: InvoiceSyncStatus, next: InvoiceSyncStatus): Decision {
  if (next === current) return "refresh";
  if (finalStatuses.has(current)) return "ignore";
  // pending ⇄ failed: a push failed, or a person asked to try again.
  if (rank[current] === 0 && rank[next] === 0) return "apply";
  return rank[next] > rank[current] ? "apply" : "ignore";
}

export type StatusUpdate = Partial<Omit<ExternalInvoiceState, "status" | "externalId">> & {
  status: InvoiceSyncStatus;
  source: SyncSource;
  externalId?: string;
  message?: string;
  webhookEventId?: string;
  actorUserId?: string;
  lastError?: string | null;
};

export type StatusOutcome = { decision: Decision; from: InvoiceSyncStatus; to: InvoiceSyncStatus };

/**
 * Applies one update to a sync in a transaction holding its row: the sync, the invoice's status, a
 * history row and the domain event (outbox) change together or not at all.
 */
export async function applyStatusUpdate(
  db: Db | Tx,
  ref: { tenantId: string; invoiceSyncId: string },
  update: StatusUpdate,
): Promise<StatusOutcome> {
  return db.transaction(async (tx) => {
    const where = and(eq(invoiceSyncs.id, ref.invoiceSyncId), eq(invoiceSyncs.tenantId, ref.tenantId));
    const [current] = await tx.select().from(invoiceSyncs).where(where).for("update");
    if (!current) throw new Error(`invoice sync ${ref.invoiceSyncId} not found`);
    const decision = decide(current.status, update.status);
    const to = decision === "apply" ? update.status : current.status;
    // A repeat of the stored status (Stripe's invoice.finalized and invoice.sent after a push) is one
    // history line only when it says something new: a message, or a reference the sync did not have.
    const news =
      decision !== "refresh" ||
      Boolean(update.message) ||
      (update.externalId !== undefined && update.externalId !== current.externalId) ||
      (update.externalNumber !== undefined && update.externalNumber !== current.externalNumber) ||
      (update.hostedUrl !== undefined && update.hostedUrl !== current.hostedUrl) ||
      (update.transactionId !== undefined && update.transactionId !== current.transactionId);
    if (news)
      await tx.insert(syncHistory).values({
        tenantId: ref.tenantId,
        invoiceSyncId: current.id,
        invoiceId: current.invoiceId,
        source: update.source,
        action:
          decision === "apply" ? "status_change" : decision === "refresh" ? "status_confirmed" : "ignored",
        fromStatus: current.status,
        toStatus: update.status,
        ok: update.status === "failed" ? 0 : 1,
        message:
          update.message ??
          (decision === "ignore"
            ? `kept ${current.status}: ${update.status} is older or lower in rank`
            : null),
        webhookEventId: update.webhookEventId ?? null,
        actorUserId: update.actorUserId ?? null,
      });
    if (decision === "ignore") return { decision, from: current.status, to };
    const paidAt = update.status === "paid" ? (update.paidAt ?? update.asOf ?? new Date()) : undefined;
    await tx
      .update(invoiceSyncs)
      .set({
        status: to,
        ...(decision === "apply" ? { statusSource: update.source, statusAt: update.asOf ?? new Date() } : {}),
        ...(update.externalId ? { externalId: update.externalId } : {}),
        ...(update.externalNumber ? { externalNumber: update.externalNumber } : {}),
        ...(update.hostedUrl ? { hostedUrl: update.hostedUrl } : {}),
        ...(paidAt && !current.paidAt ? { paidAt } : {}),
        ...(update.paymentMethod ? { paymentMethod: update.paymentMethod } : {}),
        ...(update.transactionId ? { transactionId: update.transactionId } : {}),
        ...(update.lastError !== undefined ? { lastError: update.lastError } : {}),
        ...(to === "synced" && !current.syncedAt ? { syncedAt: new Date() } : {}),
      })
      .where(where);
    if (decision === "refresh") return { decision, from: current.status, to };
    const invoiceStatus = invoiceStatusOf[to];
    if (invoiceStatus) {
      await tx
        .update(invoices)
        .set({ status: invoiceStatus, ...(paidAt ? { paidAt } : {}) })
        .where(and(eq(invoices.id, current.invoiceId), eq(invoices.tenantId, ref.tenantId)));
    }
    const type = outboxEventOf[to];
    if (type) {
      const payload = {
        invoiceId: current.invoiceId,
        integrationId: current.integrationId,
        provider: current.providerId,
        externalId: update.externalId ?? current.externalId,
        status: to,
        source: update.source,
        ...(paidAt ? { paidAt: paidAt.toISOString() } : {}),
      };
      const events = [type, ...(to === "paid" ? ["payment.received"] : [])].map((eventType) => ({
        tenantId: ref.tenantId,
        type: eventType,
        subjectType: "invoice",
        subjectId: current.invoiceId,
        payload,
      }));
      await tx.insert(eventOutbox).values(events);
    }
    return { decision, from: current.status, to };
  });
}
