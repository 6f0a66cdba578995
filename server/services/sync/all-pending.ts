import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/server/db/client";
import { integrations, invoiceSyncs, invoices } from "@/server/db/schema";
import { queuePush } from "@/server/jobs/handlers/invoices";
import { createSyncFor, moveStrandedSync } from "./request";
import { applyStatusUpdate } from "./status";

/**
 * "Sync all pending": re-queues every pending or failed push of the tenant (or of every tenant, for
 * platform admins), and creates syncs for open invoices that have none where an integration is linked.
 */
export async function syncAllPending(db: Db, scope: { tenantId?: string }) {
  const tenantFilter = scope.tenantId ? eq(invoiceSyncs.tenantId, scope.tenantId) : undefined;
  const failed = await db
    .select({
      id: invoiceSyncs.id,
      tenantId: invoiceSyncs.tenantId,
      status: invoiceSyncs.status,
      integrationId: invoiceSyncs.integrationId,
      externalId: invoiceSyncs.externalId,
      checkpoint: invoiceSyncs.checkpoint,
      invoice: { id: invoices.id, tenantId: invoices.tenantId, customerId: invoices.customerId },
      integration: {
        name: integrations.name,
        status: integrations.status,
        disconnectedAt: integrations.disconnectedAt,
      },
    })
    .from(invoiceSyncs)
    .innerJoin(
      invoices,
      and(eq(invoices.id, invoiceSyncs.invoiceId), eq(invoices.tenantId, invoiceSyncs.tenantId)),
    )
    .leftJoin(
      integrations,
      and(eq(integrations.id, invoiceSyncs.integrationId), eq(integrations.tenantId, invoiceSyncs.tenantId)),
    )
    .where(
      and(
        tenantFilter,
        eq(invoiceSyncs.status, "failed"),
        // Only an invoice's latest sync: one moved to another integration leaves the old one behind.
        sql`not exists (select 1 from ${invoiceSyncs} newer where newer.tenant_id = ${invoiceSyncs.tenantId} and newer.invoice_id = ${invoiceSyncs.invoiceId} and newer.created_at > ${invoiceSyncs.createdAt})`,
      ),
    );
  const moved: { id: string; tenantId: string }[] = [];
  for (const sync of failed) {
    const replacement = await moveStrandedSync(db, sync.invoice, sync, sync.integration ?? undefined);
    if (replacement) {
      moved.push({ id: replacement.id, tenantId: replacement.tenantId });
      continue;
    }
    await applyStatusUpdate(
      db,
      { tenantId: sync.tenantId, invoiceSyncId: sync.id },
      { status: "pending", source: "manual", message: "Sync all pending" },
    );
  }
  const pending = await db
    .update(invoiceSyncs)
    .set({ attempts: 0, nextAttemptAt: null })
    .where(and(tenantFilter, eq(invoiceSyncs.status, "pending")))
    .returning({ id: invoiceSyncs.id, tenantId: invoiceSyncs.tenantId });
  const unsynced = await db
    .select({ id: invoices.id, tenantId: invoices.tenantId, customerId: invoices.customerId })
    .from(invoices)
    .where(
      and(
        scope.tenantId ? eq(invoices.tenantId, scope.tenantId) : undefined,
        eq(invoices.status, "open"),
        sql`not exists (select 1 from ${invoiceSyncs} s where s.tenant_id = ${invoices.tenantId} and s.invoice_id = ${invoices.id})`,
      ),
    )
    .limit(5000);
  let created = 0;
  let withoutIntegration = 0;
  const queued = [...pending, ...moved];
  for (const invoice of unsynced) {
    const sync = await createSyncFor(db, invoice);
    if (!sync) {
      withoutIntegration += 1;
      continue;
    }
    created += 1;
    queued.push({ id: sync.id, tenantId: sync.tenantId });
  }
  for (const sync of queued) await queuePush({ tenantId: sync.tenantId, invoiceSyncId: sync.id });
  return { queued: queued.length, created, withoutIntegration };
}
