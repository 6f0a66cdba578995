import { and, eq, sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { Db } from "@/server/db/client";
import { integrations, invoiceSyncs } from "@/server/db/schema";
import { queuePush } from "@/server/jobs/handlers/invoices";
import { ProviderError, providerErrorToAppError } from "@/server/providers/errors";
import { BudgetExhausted } from "@/server/ratelimit/provider-budget";
import type { TenantRequestContext } from "../context";
import { resolveIntegration } from "../integrations/links";
import { providerOf } from "../integrations/views";
import { requireInvoice, syncsOfInvoice, toSyncView } from "../invoices/read";
import { invoicingGatewayOf } from "./gateway";
import { reachedProvider } from "./push";
import { applyStatusUpdate, isFinalSyncStatus, syncStatusOf } from "./status";

/**
 * Creates the pending sync of an open invoice with the integration that serves it (customer default,
 * then tenant default, purpose `invoicing`). Returns null when no integration is linked. The
 * integration is fixed here: later changes of the customer's default leave this invoice where it went.
 */
export async function createSyncFor(db: Db, invoice: { id: string; tenantId: string; customerId: string }) {
  const integration = await resolveIntegration(db, invoice.tenantId, "invoicing", [
    { entityType: "customer", entityId: invoice.customerId },
  ]);
  if (!integration) return null;
  const [created] = await db
    .insert(invoiceSyncs)
    .values({
      tenantId: invoice.tenantId,
      invoiceId: invoice.id,
      integrationId: integration.id,
      providerId: integration.providerId,
    })
    .onConflictDoNothing()
    .returning();
  return created ?? null;
}

/**
 * A push that never reached its integration (no external id and no checkpointed step: nothing of
 * it exists there) while that integration is disconnected or not active goes to the integration
 * that serves the customer now. The old sync is closed as failed, so it is never pushed as well.
 * Returns the new sync, or null when there is none (then the old one is retried and fails with a
 * clear message).
 */
export async function moveStrandedSync(
  db: Db,
  invoice: { id: string; tenantId: string; customerId: string },
  sync: {
    id: string;
    status: string;
    integrationId: string;
    externalId: string | null;
    checkpoint: Record<string, string>;
  },
  integration: { name: string; status: string; disconnectedAt: Date | null } | undefined,
) {
  const usable = integration && !integration.disconnectedAt && integration.status === "active";
  if (usable || reachedProvider(sync)) return null;
  const moved = await createSyncFor(db, invoice);
  if (!moved || moved.integrationId === sync.integrationId) return null;
  if (sync.status === "pending") {
    await applyStatusUpdate(
      db,
      { tenantId: invoice.tenantId, invoiceSyncId: sync.id },
      {
        status: "failed",
        source: "manual",
        message: `${integration?.name ?? "The integration"} is not connected; moved to another integration`,
        lastError: "Moved to another integration",
      },
    );
  }
  return moved;
}

type RequestContext = TenantRequestContext & { actorUserId?: string };

/**
 * "Sync now" on one invoice: a pending or failed push is queued again (with a fresh attempt budget);
 * a pushed invoice has its status read from the provider right away; an invoice without a sync gets one.
 */
export async function requestSync(ctx: RequestContext, input: { invoiceId: string; customerId?: string }) {
  const invoice = await requireInvoice(ctx.db, ctx.tenantId, input.invoiceId, input.customerId);
  if (invoice.status === "draft")
    throw new AppError("CONFLICT", "This invoice is a draft: send it first, then it is pushed");
  const [latest] = await ctx.db
    .select({
      sync: invoiceSyncs,
      integrationName: integrations.name,
      integrationStatus: integrations.status,
      disconnectedAt: integrations.disconnectedAt,
    })
    .from(invoiceSyncs)
    .innerJoin(
      integrations,
      and(eq(integrations.id, invoiceSyncs.integrationId), eq(integrations.tenantId, invoiceSyncs.tenantId)),
    )
    .where(and(eq(invoiceSyncs.tenantId, ctx.tenantId), eq(invoiceSyncs.invoiceId, invoice.id)))
    .orderBy(sql`${invoiceSyncs.createdAt} desc`)
    .limit(1);
  /** Queues a push of the sync and answers with the invoice's newest sync as it now stands. */
  const queued = async (invoiceSyncId: string, message: (integrationName?: string) => string) => {
    await queuePush({ tenantId: ctx.tenantId, invoiceSyncId });
    const [view] = await syncsOfInvoice(ctx.db, ctx.tenantId, invoice.id);
    return {
      invoiceId: invoice.id,
      action: "queued" as const,
      message: message(view?.integrationName),
      sync: view ?? null,
    };
  };
  if (!latest) {
    const created = await createSyncFor(ctx.db, invoice);
    if (!created) {
      return {
        invoiceId: invoice.id,
        action: "no_integration" as const,
        message: "No invoicing integration is linked to this customer or the tenant: link one first",
        sync: null,
      };
    }
    return queued(created.id, () => "Queued for push");
  }
  const { sync } = latest;
  const ref = { tenantId: ctx.tenantId, invoiceSyncId: sync.id };
  if (sync.status === "pending" || sync.status === "failed") {
    const moved = await moveStrandedSync(ctx.db, invoice, sync, {
      name: latest.integrationName,
      status: latest.integrationStatus,
      disconnectedAt: latest.disconnectedAt,
    });
    if (moved)
      return queued(
        moved.id,
        (to) =>
          `${latest.integrationName} is not connected; queued for push to ${to ?? "the customer's current integration"}`,
      );
    if (sync.status === "failed") {
      await applyStatusUpdate(ctx.db, ref, {
        status: "pending",
        source: "manual",
        actorUserId: ctx.actorUserId,
        message: "Sync requested",
      });
    }
    await ctx.db
      .update(invoiceSyncs)
      .set({ attempts: 0, nextAttemptAt: null })
      .where(and(eq(invoiceSyncs.id, sync.id), eq(invoiceSyncs.tenantId, ctx.tenantId)));
    return queued(sync.id, () => "Queued for push");
  }
  if (isFinalSyncStatus(sync.status) || !sync.externalId) {
    return {
      invoiceId: invoice.id,
      action: "final" as const,
      message: `Already ${sync.status}; nothing left to sync`,
      sync: toSyncView(sync, latest.integrationName),
    };
  }
  const [integration] = await ctx.db
    .select()
    .from(integrations)
    .where(and(eq(integrations.id, sync.integrationId), eq(integrations.tenantId, ctx.tenantId)));
  if (!integration || integration.disconnectedAt)
    throw new AppError("CONFLICT", "The integration this invoice went to is disconnected");
  try {
    const state = await invoicingGatewayOf(ctx.db, ctx.log, integration).fetchInvoiceStatus({
      externalId: sync.externalId,
      currency: invoice.currency,
    });
    const outcome = await applyStatusUpdate(ctx.db, ref, {
      ...state,
      externalId: undefined,
      status: syncStatusOf(state.status),
      source: "manual",
      actorUserId: ctx.actorUserId,
    });
    const [view] = await syncsOfInvoice(ctx.db, ctx.tenantId, invoice.id);
    return {
      invoiceId: invoice.id,
      action: "refreshed" as const,
      message:
        outcome.decision === "apply"
          ? `Updated from ${outcome.from} to ${outcome.to}`
          : `${providerOf(sync.providerId).displayName} confirms ${outcome.to}`,
      sync: view ?? null,
    };
  } catch (error) {
    if (error instanceof ProviderError)
      throw providerErrorToAppError(providerOf(sync.providerId).displayName, error);
    if (error instanceof BudgetExhausted)
      throw new AppError(
        "TOO_MANY_REQUESTS",
        `${providerOf(sync.providerId).displayName}'s call budget is used up for now; try again shortly`,
        { retryAfterSeconds: Math.max(1, Math.ceil(error.retryAfterMs / 1000)) },
      );
    throw error;
  }
}
