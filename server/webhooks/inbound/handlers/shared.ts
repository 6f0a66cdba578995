import { and, eq, inArray, or } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/server/db/client";
import {
  eventOutbox,
  type InvoiceSyncStatus,
  integrations,
  invoiceSyncs,
  invoices,
} from "@/server/db/schema";
import type { IntegrationRow } from "@/server/services/integrations/views";
import { applyStatusUpdate, type StatusOutcome, type StatusUpdate } from "@/server/services/sync/status";
import type { StoredEvent } from "./types";

/** The invoice sync a webhook is about, with what a provider read needs. */
export type TrackedSync = {
  id: string;
  invoiceId: string;
  externalId: string | null;
  status: InvoiceSyncStatus;
  currency: string;
};

/** A status update as a handler states it; provenance (webhook, event id) is added here. */
export type WebhookUpdate = Omit<StatusUpdate, "source" | "webhookEventId">;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const trackedColumns = {
  id: invoiceSyncs.id,
  invoiceId: invoiceSyncs.invoiceId,
  externalId: invoiceSyncs.externalId,
  status: invoiceSyncs.status,
  currency: invoices.currency,
};

/** The syncs of the event's integration (and tenant) whose provider ids are among `externalIds`. */
export async function syncsByExternalIds(
  db: Db | Tx,
  event: StoredEvent,
  externalIds: string[],
): Promise<TrackedSync[]> {
  if (!externalIds.length) return [];
  return db
    .select(trackedColumns)
    .from(invoiceSyncs)
    .innerJoin(
      invoices,
      and(eq(invoices.id, invoiceSyncs.invoiceId), eq(invoices.tenantId, invoiceSyncs.tenantId)),
    )
    .where(
      and(
        eq(invoiceSyncs.tenantId, event.tenantId),
        eq(invoiceSyncs.integrationId, event.integrationId),
        inArray(invoiceSyncs.externalId, externalIds),
      ),
    );
}

/** The sync of the event's integration whose provider id is `externalId`; null when there is none. */
export async function syncByExternalId(
  db: Db | Tx,
  event: StoredEvent,
  externalId: string,
): Promise<TrackedSync | null> {
  const [sync] = await syncsByExternalIds(db, event, [externalId]);
  return sync ?? null;
}

/** The sync of the event's integration for our invoice id or the sender's external id. */
export async function syncByReference(db: Db | Tx, event: StoredEvent, reference: string) {
  const [sync] = await db
    .select(trackedColumns)
    .from(invoiceSyncs)
    .innerJoin(
      invoices,
      and(eq(invoices.id, invoiceSyncs.invoiceId), eq(invoices.tenantId, invoiceSyncs.tenantId)),
    )
    .where(
      and(
        eq(invoiceSyncs.tenantId, event.tenantId),
        eq(invoiceSyncs.integrationId, event.integrationId),
        uuidPattern.test(reference)
          ? or(eq(invoiceSyncs.invoiceId, reference), eq(invoiceSyncs.externalId, reference))
          : eq(invoiceSyncs.externalId, reference),
      ),
    )
    .limit(1);
  return sync ?? null;
}

/** The outcome when the event names an invoice this integration does not track (processed, not failed). */
export const noSyncFor = (externalId: string) =>
  `no invoice with external id ${externalId} in this integration`;

/** One line saying what the state machine did with an update. */
export function describeOutcome(label: string, requested: InvoiceSyncStatus, outcome: StatusOutcome) {
  if (outcome.decision === "apply") return `invoice ${label}: ${outcome.from} → ${outcome.to}`;
  if (outcome.decision === "refresh") return `invoice ${label}: ${outcome.to} confirmed`;
  return `invoice ${label}: kept ${outcome.from} (${requested} is older or lower in rank)`;
}

/**
 * Applies one update through the order-safe state machine, marked as coming from this webhook event
 * (the history reads "paid via <provider> webhook"), and says what happened.
 */
export async function applyFromWebhook(
  tx: Tx,
  event: StoredEvent,
  sync: TrackedSync,
  update: WebhookUpdate,
): Promise<{ outcome: StatusOutcome; text: string }> {
  const outcome = await applyStatusUpdate(
    tx,
    { tenantId: event.tenantId, invoiceSyncId: sync.id },
    { ...update, hostedUrl: webUrl(update.hostedUrl), source: "webhook", webhookEventId: event.id },
  );
  return { outcome, text: describeOutcome(sync.externalId ?? sync.invoiceId, update.status, outcome) };
}

/** Writes the `payment.failed` domain event for a sync, in the caller's transaction. */
export async function recordPaymentFailed(tx: Tx, event: StoredEvent, sync: TrackedSync, reason: string) {
  await tx.insert(eventOutbox).values({
    tenantId: event.tenantId,
    type: "payment.failed",
    subjectType: "invoice",
    subjectId: sync.invoiceId,
    payload: {
      invoiceId: sync.invoiceId,
      integrationId: event.integrationId,
      provider: event.providerId,
      externalId: sync.externalId,
      reason,
      webhookEventId: event.id,
    },
  });
}

/** The integration an event was stored for (its credentials, account and metadata). */
export async function integrationOf(db: Db | Tx, event: StoredEvent): Promise<IntegrationRow> {
  const [row] = await db
    .select()
    .from(integrations)
    .where(and(eq(integrations.id, event.integrationId), eq(integrations.tenantId, event.tenantId)))
    .limit(1);
  if (!row) throw new Error(`integration ${event.integrationId} no longer exists`);
  return row;
}

/** A payload read with its schema; otherwise the outcome naming what was not understood. */
export function parsePayload<T>(
  schema: z.ZodType<T>,
  payload: unknown,
  what: string,
): { ok: true; value: T } | { ok: false; outcome: string } {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.map(String).join(".")}` : "";
  return { ok: false, outcome: `not a ${what} payload: ${issue?.message ?? "invalid"}${where}` };
}

/** An http(s) URL, else undefined: hosted links reach the portal, so no `javascript:` or other schemes. */
export function webUrl(value: string | null | undefined): string | undefined {
  if (!value || !URL.canParse(value)) return undefined;
  return /^https?:$/.test(new URL(value).protocol) ? value : undefined;
}

/** A Date from unix seconds; undefined for anything else. */
export const fromSeconds = (seconds: number | null | undefined) =>
  typeof seconds === "number" && Number.isFinite(seconds) ? new Date(seconds * 1000) : undefined;

/** A Date from an ISO-8601 string; undefined when absent or unparseable. */
export function fromIso(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
