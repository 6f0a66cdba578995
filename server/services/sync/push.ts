import { and, eq, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Db } from "@/server/db/client";
import { customerExternalRefs, integrations, invoiceSyncs, syncHistory } from "@/server/db/schema";
import { ProviderError } from "@/server/providers/errors";
import { admitCall, BreakerOpen, breakerOutcomeOf, recordCallOutcome } from "@/server/ratelimit/breaker";
import { BudgetExhausted, leaseSlot } from "@/server/ratelimit/provider-budget";
import { loadInvoiceDocument } from "./document";
import { invoicingGatewayOf } from "./gateway";
import { applyStatusUpdate, syncStatusOf } from "./status";

export type SyncRef = { tenantId: string; invoiceSyncId: string };

/** What one push attempt came to; `retryAt` says when the job should run again. */
export type PushOutcome =
  | { kind: "synced"; externalId: string }
  | { kind: "retry"; retryAt: Date; message: string }
  | { kind: "deferred"; retryAt: Date; message: string }
  | { kind: "failed"; message: string }
  | { kind: "skipped"; message: string };

const LOCK_MINUTES = 10;
const MAX_BACKOFF_SECONDS = 3600;

/** Exponential backoff with full jitter: uniform in [0, min(cap, base·2^(attempt-1))], at least 50 ms. */
export function backoffMs(attempt: number, random = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_SECONDS, env.SYNC_RETRY_BASE_SECONDS * 2 ** (attempt - 1)) * 1000;
  return Math.max(50, Math.round(random() * ceiling));
}

/** Whether any of the invoice exists at the sync's provider yet (an external id or a checkpointed step). */
export const reachedProvider = (sync: { externalId: string | null; checkpoint: Record<string, string> }) =>
  Boolean(sync.externalId) || Object.keys(sync.checkpoint).length > 0;

/**
 * One push attempt of an invoice to its integration. The sync is leased for the attempt, so two
 * workers never push the same invoice at once; progress is checkpointed and every provider create is
 * idempotent, so a retry after a crash or timeout never creates a second invoice at the provider.
 */
export async function pushInvoiceSync(db: Db, log: Logger, ref: SyncRef): Promise<PushOutcome> {
  const where = and(eq(invoiceSyncs.id, ref.invoiceSyncId), eq(invoiceSyncs.tenantId, ref.tenantId));
  // The lease's own expiry time is its token: only this attempt clears it.
  const lease = new Date(Date.now() + LOCK_MINUTES * 60_000);
  const [sync] = await db
    .update(invoiceSyncs)
    .set({ lockedUntil: lease })
    .where(
      and(
        where,
        eq(invoiceSyncs.status, "pending"),
        or(isNull(invoiceSyncs.lockedUntil), lt(invoiceSyncs.lockedUntil, sql`now()`)),
        // A job that outlived its purpose (a duplicate, or one queued before a backoff) does not
        // push early: the sync's own next attempt time decides. One second covers clock rounding.
        or(
          isNull(invoiceSyncs.nextAttemptAt),
          lte(invoiceSyncs.nextAttemptAt, sql`now() + interval '1 second'`),
        ),
      ),
    )
    .returning();
  if (!sync)
    return { kind: "skipped", message: "not pending, not due yet, or being pushed by another worker" };
  let releaseTurn: (() => Promise<void>) | null = null;
  try {
    releaseTurn = await leaseSlot(
      db,
      `push:${sync.providerId}:${sync.tenantId}`,
      env.PUSH_CONCURRENCY_PER_TENANT,
      0,
      LOCK_MINUTES * 60,
    ).catch((error: unknown) => {
      if (error instanceof BudgetExhausted) return null;
      throw error;
    });
    if (!releaseTurn) {
      // The tenant's other invoices go first; come back shortly.
      const retryAt = new Date(Date.now() + 500 + Math.random() * 1000);
      return { kind: "deferred", retryAt, message: "waiting for the tenant's earlier invoices" };
    }
    return await attempt(db, log, sync);
  } finally {
    await releaseTurn?.();
    await db
      .update(invoiceSyncs)
      .set({ lockedUntil: null })
      .where(and(where, eq(invoiceSyncs.lockedUntil, lease)));
  }
}

type SyncRow = typeof invoiceSyncs.$inferSelect;

async function attempt(db: Db, log: Logger, sync: SyncRow): Promise<PushOutcome> {
  const ref = { tenantId: sync.tenantId, invoiceSyncId: sync.id };
  const integrationRef = { tenantId: sync.tenantId, integrationId: sync.integrationId };
  const [integration] = await db
    .select()
    .from(integrations)
    .where(and(eq(integrations.id, sync.integrationId), eq(integrations.tenantId, sync.tenantId)));
  if (!integration || integration.disconnectedAt || integration.status !== "active") {
    // Once part of the invoice exists at the provider, only that integration may finish it.
    const message =
      !integration || integration.disconnectedAt
        ? reachedProvider(sync)
          ? "The integration was disconnected after part of this invoice was created there; reconnect it and sync again"
          : "The integration was disconnected; link the customer to another integration and sync again"
        : `The integration is ${integration.status}${integration.statusReason ? ` (${integration.statusReason})` : ""}; fix it and sync again`;
    await fail(db, ref, message);
    return { kind: "failed", message };
  }
  try {
    await admitCall(db, integrationRef);
  } catch (error) {
    if (!(error instanceof BreakerOpen)) throw error;
    await defer(db, sync, error.retryAt, "waiting: the integration's circuit breaker is open");
    return { kind: "deferred", retryAt: error.retryAt, message: error.message };
  }
  const attemptNumber = sync.attempts + 1;
  await db
    .update(invoiceSyncs)
    .set({ attempts: attemptNumber, lastAttemptAt: new Date() })
    .where(and(eq(invoiceSyncs.id, sync.id), eq(invoiceSyncs.tenantId, sync.tenantId)));
  let releaseCustomer: (() => Promise<void>) | null = null;
  try {
    const documentRef = {
      tenantId: sync.tenantId,
      invoiceId: sync.invoiceId,
      integrationId: sync.integrationId,
    };
    let invoice = await loadInvoiceDocument(db, documentRef);
    if (!invoice.customer.externalId) {
      // The customer is new at this provider: one push creates it, the others wait and reuse it.
      releaseCustomer = await leaseSlot(
        db,
        `customer:${sync.integrationId}:${invoice.customer.id}`,
        1,
        30_000,
        LOCK_MINUTES * 60,
      );
      invoice = await loadInvoiceDocument(db, documentRef);
    }
    const gateway = invoicingGatewayOf(db, log, integration, { maxWaitMs: 5_000 });
    const result = await gateway.sendInvoice({
      invoice,
      idempotencyKey: sync.id,
      checkpoint: sync.checkpoint,
      saveCheckpoint: async (checkpoint) => {
        await db
          .update(invoiceSyncs)
          .set({ checkpoint })
          .where(and(eq(invoiceSyncs.id, sync.id), eq(invoiceSyncs.tenantId, sync.tenantId)));
      },
    });
    await recordCallOutcome(db, integrationRef, { ok: true });
    if (result.externalCustomerId && result.externalCustomerId !== invoice.customer.externalId) {
      await db
        .insert(customerExternalRefs)
        .values({
          tenantId: sync.tenantId,
          customerId: invoice.customer.id,
          integrationId: sync.integrationId,
          externalId: result.externalCustomerId,
        })
        .onConflictDoUpdate({
          target: [
            customerExternalRefs.tenantId,
            customerExternalRefs.customerId,
            customerExternalRefs.integrationId,
          ],
          set: { externalId: result.externalCustomerId },
        });
    }
    await db
      .update(invoiceSyncs)
      .set({ nextAttemptAt: null })
      .where(and(eq(invoiceSyncs.id, sync.id), eq(invoiceSyncs.tenantId, sync.tenantId)));
    await applyStatusUpdate(db, ref, {
      ...result,
      status: syncStatusOf(result.status),
      source: "push",
      lastError: null,
      message: `Created ${result.externalNumber ?? result.externalId} (attempt ${attemptNumber})`,
    });
    log.info({ invoiceSyncId: sync.id, provider: sync.providerId, attempt: attemptNumber }, "invoice pushed");
    return { kind: "synced", externalId: result.externalId };
  } catch (error) {
    if (error instanceof BudgetExhausted) {
      // Not the provider's failure and not an attempt: wait for the budget without using up retries.
      await db
        .update(invoiceSyncs)
        .set({ attempts: sync.attempts })
        .where(and(eq(invoiceSyncs.id, sync.id), eq(invoiceSyncs.tenantId, sync.tenantId)));
      const retryAt = new Date(Date.now() + error.retryAfterMs);
      await defer(db, sync, retryAt, null);
      return { kind: "deferred", retryAt, message: error.message };
    }
    if (error instanceof AppError) {
      await fail(db, ref, error.message);
      return { kind: "failed", message: error.message };
    }
    let message: string;
    let retryable: boolean;
    let retryAfterSeconds: number | undefined;
    if (error instanceof ProviderError) {
      await recordCallOutcome(db, integrationRef, breakerOutcomeOf(error));
      message = `${error.message}${error.status ? ` (HTTP ${error.status})` : ""}`;
      retryable = error.retryable;
      retryAfterSeconds = error.retryAfterSeconds;
    } else {
      // Our own failure (database, a bug): retried like an outage and capped, never looping
      // forever; the details stay in the server log, not in the tenant's view.
      log.error({ err: error, invoiceSyncId: sync.id, attempt: attemptNumber }, "invoice push crashed");
      message = "Internal error while pushing; the server log has the details";
      retryable = true;
    }
    if (retryable && attemptNumber < env.SYNC_MAX_ATTEMPTS) {
      const waitMs = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : backoffMs(attemptNumber);
      const retryAt = new Date(Date.now() + waitMs);
      await db.insert(syncHistory).values({
        tenantId: sync.tenantId,
        invoiceSyncId: sync.id,
        invoiceId: sync.invoiceId,
        source: "push",
        action: "push_attempt",
        fromStatus: sync.status,
        toStatus: sync.status,
        ok: 0,
        attempt: attemptNumber,
        message: `${message}; retrying at ${retryAt.toISOString()}`,
      });
      await db
        .update(invoiceSyncs)
        .set({ lastError: message, nextAttemptAt: retryAt })
        .where(and(eq(invoiceSyncs.id, sync.id), eq(invoiceSyncs.tenantId, sync.tenantId)));
      log.warn({ invoiceSyncId: sync.id, attempt: attemptNumber, retryAt }, "invoice push will retry");
      return { kind: "retry", retryAt, message };
    }
    const final = retryable ? `${message}; gave up after ${attemptNumber} attempts` : message;
    await fail(db, ref, final);
    log.warn({ invoiceSyncId: sync.id, attempt: attemptNumber }, "invoice push failed");
    return { kind: "failed", message: final };
  } finally {
    await releaseCustomer?.();
  }
}

async function fail(db: Db, ref: SyncRef, message: string) {
  await applyStatusUpdate(db, ref, { status: "failed", source: "push", message, lastError: message });
  await db
    .update(invoiceSyncs)
    .set({ nextAttemptAt: null })
    .where(and(eq(invoiceSyncs.id, ref.invoiceSyncId), eq(invoiceSyncs.tenantId, ref.tenantId)));
}

async function defer(db: Db, sync: SyncRow, retryAt: Date, note: string | null) {
  await db
    .update(invoiceSyncs)
    .set({ nextAttemptAt: retryAt, ...(note ? { lastError: note } : {}) })
    .where(and(eq(invoiceSyncs.id, sync.id), eq(invoiceSyncs.tenantId, sync.tenantId)));
}
