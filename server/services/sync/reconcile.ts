import { and, asc, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { syncFrequencies } from "@/lib/schemas/integration";
import type { Db } from "@/server/db/client";
import { integrations, invoiceSyncs, invoices } from "@/server/db/schema";
import { ProviderError } from "@/server/providers/errors";
import { gatewayFactories } from "@/server/providers/gateways";
import type { ProviderId } from "@/server/providers/registry";
import { admitCall, BreakerOpen, breakerOutcomeOf, recordCallOutcome } from "@/server/ratelimit/breaker";
import { BudgetExhausted } from "@/server/ratelimit/provider-budget";
import { invoicingGatewayOf } from "./gateway";
import { applyStatusUpdate, syncStatusOf } from "./status";

/** Statuses a provider can still change: everything pushed and not final. */
export const reconcilableStatuses = ["synced", "overdue", "uncollectible"] as const;

type SyncFrequency = (typeof syncFrequencies)[number];
const frequencyMinutes: Record<SyncFrequency, number> = { realtime: 5, hourly: 60, daily: 1440 };

/** The integration's reconcile schedule from its settings (hourly unless set). */
export function frequencyOf(settings: Record<string, unknown>): SyncFrequency {
  const value = settings.syncFrequency;
  return (syncFrequencies as readonly unknown[]).includes(value) ? (value as SyncFrequency) : "hourly";
}

/** Integrations with non-final syncs not checked in the last 5 minutes; each applies its own schedule. */
export async function integrationsDueForReconcile(db: Db) {
  return db
    .selectDistinct({ tenantId: integrations.tenantId, integrationId: integrations.id })
    .from(invoiceSyncs)
    .innerJoin(
      integrations,
      and(eq(integrations.id, invoiceSyncs.integrationId), eq(integrations.tenantId, invoiceSyncs.tenantId)),
    )
    .where(
      and(
        inArray(invoiceSyncs.status, [...reconcilableStatuses]),
        isNotNull(invoiceSyncs.externalId),
        eq(integrations.status, "active"),
        isNull(integrations.disconnectedAt),
        or(
          isNull(invoiceSyncs.lastReconciledAt),
          lt(invoiceSyncs.lastReconciledAt, sql`now() - interval '5 minutes'`),
        ),
      ),
    );
}

export type ReconcileReport = { checked: number; changed: number; failed: number; stoppedBy?: string };

/**
 * Reads the provider's status of every non-final invoice of one integration (oldest check first, at
 * most `limit`) and applies it through the state machine, so a missed webhook is caught. Stops early
 * when the breaker opens or the call budget is used up; the next run continues.
 */
export async function reconcileIntegration(
  db: Db,
  log: Logger,
  ref: { tenantId: string; integrationId: string },
  options: { limit?: number; force?: boolean } = {},
): Promise<ReconcileReport> {
  const [integration] = await db
    .select()
    .from(integrations)
    .where(and(eq(integrations.id, ref.integrationId), eq(integrations.tenantId, ref.tenantId)));
  const report: ReconcileReport = { checked: 0, changed: 0, failed: 0 };
  if (!integration || integration.disconnectedAt || integration.status !== "active") {
    return { ...report, stoppedBy: "integration not active" };
  }
  if (!gatewayFactories[integration.providerId as ProviderId]) return { ...report, stoppedBy: "no gateway" };
  const minutes = frequencyMinutes[frequencyOf(integration.settings)];
  const syncs = await db
    .select({ id: invoiceSyncs.id, externalId: invoiceSyncs.externalId, currency: invoices.currency })
    .from(invoiceSyncs)
    .innerJoin(
      invoices,
      and(eq(invoices.id, invoiceSyncs.invoiceId), eq(invoices.tenantId, invoiceSyncs.tenantId)),
    )
    .where(
      and(
        eq(invoiceSyncs.tenantId, ref.tenantId),
        eq(invoiceSyncs.integrationId, ref.integrationId),
        inArray(invoiceSyncs.status, [...reconcilableStatuses]),
        isNotNull(invoiceSyncs.externalId),
        options.force
          ? undefined
          : or(
              isNull(invoiceSyncs.lastReconciledAt),
              lt(invoiceSyncs.lastReconciledAt, sql`now() - ${minutes} * interval '1 minute'`),
            ),
      ),
    )
    .orderBy(sql`${invoiceSyncs.lastReconciledAt} asc nulls first`, asc(invoiceSyncs.createdAt))
    .limit(options.limit ?? 200);
  const gateway = invoicingGatewayOf(db, log, integration, { maxWaitMs: 5_000 });
  for (const sync of syncs) {
    if (!sync.externalId) continue;
    try {
      await admitCall(db, ref);
      const state = await gateway.fetchInvoiceStatus({
        externalId: sync.externalId,
        currency: sync.currency,
      });
      await recordCallOutcome(db, ref, { ok: true });
      const outcome = await applyStatusUpdate(
        db,
        { tenantId: ref.tenantId, invoiceSyncId: sync.id },
        { ...state, externalId: undefined, status: syncStatusOf(state.status), source: "reconcile" },
      );
      report.checked += 1;
      if (outcome.decision === "apply") report.changed += 1;
    } catch (error) {
      if (error instanceof BreakerOpen) return { ...report, stoppedBy: "circuit breaker open" };
      if (error instanceof BudgetExhausted) return { ...report, stoppedBy: "call budget used up" };
      if (!(error instanceof ProviderError)) throw error;
      report.failed += 1;
      await recordCallOutcome(db, ref, breakerOutcomeOf(error));
      log.warn({ invoiceSyncId: sync.id, type: error.type, status: error.status }, "reconcile read failed");
    } finally {
      await db
        .update(invoiceSyncs)
        .set({ lastReconciledAt: new Date() })
        .where(and(eq(invoiceSyncs.id, sync.id), eq(invoiceSyncs.tenantId, ref.tenantId)));
    }
  }
  return report;
}

/**
 * Marks synced invoices past their due date overdue (history and outbox through the state machine).
 * The due date is a UTC calendar day, whatever the database server's time zone.
 */
export async function markOverdue(db: Db, options: { limit?: number } = {}) {
  const due = await db
    .select({ id: invoiceSyncs.id, tenantId: invoiceSyncs.tenantId })
    .from(invoiceSyncs)
    .innerJoin(
      invoices,
      and(eq(invoices.id, invoiceSyncs.invoiceId), eq(invoices.tenantId, invoiceSyncs.tenantId)),
    )
    .where(
      and(eq(invoiceSyncs.status, "synced"), lt(invoices.dueDate, sql`(now() at time zone 'utc')::date`)),
    )
    .limit(options.limit ?? 5000);
  let marked = 0;
  for (const sync of due) {
    const outcome = await applyStatusUpdate(
      db,
      { tenantId: sync.tenantId, invoiceSyncId: sync.id },
      { status: "overdue", source: "schedule", message: "Past its due date and not paid" },
    );
    if (outcome.decision === "apply") marked += 1;
  }
  return marked;
}

/** Pending pushes whose retry time has passed and that no worker holds (a lost job): to be queued again. */
export async function stalledPushes(db: Db, limit = 500) {
  return db
    .select({ tenantId: invoiceSyncs.tenantId, invoiceSyncId: invoiceSyncs.id })
    .from(invoiceSyncs)
    .where(
      and(
        eq(invoiceSyncs.status, "pending"),
        or(isNull(invoiceSyncs.lockedUntil), lt(invoiceSyncs.lockedUntil, sql`now()`)),
        or(
          and(
            isNull(invoiceSyncs.nextAttemptAt),
            lt(invoiceSyncs.updatedAt, sql`now() - interval '2 minutes'`),
          ),
          lt(invoiceSyncs.nextAttemptAt, sql`now() - interval '2 minutes'`),
        ),
      ),
    )
    .limit(limit);
}
