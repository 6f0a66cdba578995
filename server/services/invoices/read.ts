import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { lineNetMinor, lineTaxMinor } from "@/lib/money";
import type { listInvoicesInput } from "@/lib/schemas/invoice";
import type { Db, Tx } from "@/server/db/client";
import {
  customers,
  integrations,
  invoiceLines,
  invoicePayments,
  invoiceSyncs,
  invoices,
  syncHistory,
} from "@/server/db/schema";
import { settlesAtProvider } from "@/server/providers/invoicing";
import { getProvider, type ProviderId } from "@/server/providers/registry";
import type { TenantContext } from "../context";

type ListInput = (typeof listInvoicesInput)["_output"];

const today = () => new Date().toISOString().slice(0, 10);
/** Overdue is derived: open and past its due date. */
export const isOverdue = (invoice: { status: string; dueDate: string }) =>
  invoice.status === "open" && invoice.dueDate < today();

const providerName = (providerId: string) => {
  try {
    return getProvider(providerId as ProviderId).displayName;
  } catch {
    return providerId;
  }
};

/** One page of the tenant's invoices (filters: status, sync status, customer), newest first, with the latest sync. */
export async function listInvoices(ctx: TenantContext, input: ListInput) {
  const conditions = [eq(invoices.tenantId, ctx.tenantId)];
  if (input.status) conditions.push(eq(invoices.status, input.status));
  if (input.customerId) conditions.push(eq(invoices.customerId, input.customerId));
  if (input.syncStatus) {
    conditions.push(
      sql`exists (select 1 from ${invoiceSyncs} where ${invoiceSyncs.tenantId} = ${invoices.tenantId}
          and ${invoiceSyncs.invoiceId} = ${invoices.id} and ${invoiceSyncs.status} = ${input.syncStatus})`,
    );
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({
        id: invoices.id,
        number: invoices.number,
        status: invoices.status,
        currency: invoices.currency,
        totalMinor: invoices.totalMinor,
        issueDate: invoices.issueDate,
        dueDate: invoices.dueDate,
        customerId: invoices.customerId,
        customerName: customers.name,
      })
      .from(invoices)
      .innerJoin(
        customers,
        and(eq(customers.id, invoices.customerId), eq(customers.tenantId, invoices.tenantId)),
      )
      .where(where)
      .orderBy(desc(invoices.issueDate), desc(invoices.number))
      .limit(input.limit)
      .offset(input.offset),
    ctx.db.select({ value: count() }).from(invoices).where(where),
  ]);
  const syncs = rows.length
    ? await ctx.db
        .select({
          invoiceId: invoiceSyncs.invoiceId,
          status: invoiceSyncs.status,
          providerId: invoiceSyncs.providerId,
          externalId: invoiceSyncs.externalId,
          createdAt: invoiceSyncs.createdAt,
        })
        .from(invoiceSyncs)
        .where(
          and(
            eq(invoiceSyncs.tenantId, ctx.tenantId),
            inArray(
              invoiceSyncs.invoiceId,
              rows.map((row) => row.id),
            ),
          ),
        )
        .orderBy(desc(invoiceSyncs.createdAt))
    : [];
  const latest = new Map<string, (typeof syncs)[number]>();
  for (const sync of syncs) if (!latest.has(sync.invoiceId)) latest.set(sync.invoiceId, sync);
  return {
    items: rows.map((row) => {
      const sync = latest.get(row.id);
      return {
        ...row,
        overdue: isOverdue(row),
        sync: sync
          ? { status: sync.status, providerName: providerName(sync.providerId), externalId: sync.externalId }
          : null,
      };
    }),
    total: total?.value ?? 0,
  };
}

/** Every sync of an invoice, newest first, with its integration's name. */
export async function syncsOfInvoice(db: Db, tenantId: string, invoiceId: string) {
  const rows = await db
    .select({ sync: invoiceSyncs, integrationName: integrations.name })
    .from(invoiceSyncs)
    .innerJoin(
      integrations,
      and(eq(integrations.id, invoiceSyncs.integrationId), eq(integrations.tenantId, invoiceSyncs.tenantId)),
    )
    .where(and(eq(invoiceSyncs.tenantId, tenantId), eq(invoiceSyncs.invoiceId, invoiceId)))
    .orderBy(desc(invoiceSyncs.createdAt));
  return rows.map(({ sync, integrationName }) => toSyncView(sync, integrationName));
}

export function toSyncView(sync: typeof invoiceSyncs.$inferSelect, integrationName: string) {
  return {
    id: sync.id,
    integrationId: sync.integrationId,
    integrationName,
    providerId: sync.providerId,
    providerName: providerName(sync.providerId),
    status: sync.status,
    statusSource: sync.statusSource,
    statusAt: sync.statusAt,
    externalId: sync.externalId,
    externalNumber: sync.externalNumber,
    hostedUrl: sync.hostedUrl,
    paidAt: sync.paidAt,
    paymentMethod: sync.paymentMethod,
    transactionId: sync.transactionId,
    attempts: sync.attempts,
    lastError: sync.lastError,
    nextAttemptAt: sync.nextAttemptAt,
    syncedAt: sync.syncedAt,
    lastReconciledAt: sync.lastReconciledAt,
    /** Whether void and record payment reach the provider too (else they are recorded here only). */
    settlesAtProvider: settlesAtProvider.has(sync.providerId),
  };
}

/** Payments recorded by hand against an invoice, oldest first. */
export function paymentsOf(db: Db | Tx, tenantId: string, invoiceId: string) {
  return db
    .select({
      id: invoicePayments.id,
      amountMinor: invoicePayments.amountMinor,
      paidOn: invoicePayments.paidOn,
      method: invoicePayments.method,
      reference: invoicePayments.reference,
      createdAt: invoicePayments.createdAt,
    })
    .from(invoicePayments)
    .where(and(eq(invoicePayments.tenantId, tenantId), eq(invoicePayments.invoiceId, invoiceId)))
    .orderBy(asc(invoicePayments.createdAt));
}

/** The tenant's invoice (optionally only if it belongs to `customerId`), or 404. */
export async function requireInvoice(db: Db, tenantId: string, invoiceId: string, customerId?: string) {
  const conditions = [eq(invoices.id, invoiceId), eq(invoices.tenantId, tenantId)];
  if (customerId) conditions.push(eq(invoices.customerId, customerId));
  const [row] = await db
    .select()
    .from(invoices)
    .where(and(...conditions))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Invoice not found");
  return row;
}

/** The invoice with customer, lines, syncs and the last 100 history entries. */
export async function getInvoice(
  ctx: TenantContext,
  input: { invoiceId: string; customerId?: string },
  options: { history?: boolean } = {},
) {
  const invoice = await requireInvoice(ctx.db, ctx.tenantId, input.invoiceId, input.customerId);
  const [[customer], lines, syncs, history, payments] = await Promise.all([
    ctx.db
      .select()
      .from(customers)
      .where(and(eq(customers.id, invoice.customerId), eq(customers.tenantId, ctx.tenantId))),
    ctx.db
      .select()
      .from(invoiceLines)
      .where(and(eq(invoiceLines.tenantId, ctx.tenantId), eq(invoiceLines.invoiceId, invoice.id)))
      .orderBy(invoiceLines.position),
    syncsOfInvoice(ctx.db, ctx.tenantId, invoice.id),
    options.history === false
      ? Promise.resolve([])
      : ctx.db
          .select()
          .from(syncHistory)
          .where(and(eq(syncHistory.tenantId, ctx.tenantId), eq(syncHistory.invoiceId, invoice.id)))
          .orderBy(desc(syncHistory.createdAt))
          .limit(100),
    paymentsOf(ctx.db, ctx.tenantId, invoice.id),
  ]);
  const amountPaidMinor = payments.reduce((sum, payment) => sum + payment.amountMinor, 0);
  if (!customer) throw new AppError("NOT_FOUND", "Invoice not found");
  return {
    id: invoice.id,
    number: invoice.number,
    status: invoice.status,
    overdue: isOverdue(invoice),
    currency: invoice.currency,
    subtotalMinor: invoice.subtotalMinor,
    taxMinor: invoice.taxMinor,
    totalMinor: invoice.totalMinor,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    memo: invoice.memo,
    paidAt: invoice.paidAt,
    createdAt: invoice.createdAt,
    customerId: customer.id,
    customerName: customer.name,
    customer: {
      id: customer.id,
      name: customer.name,
      email: customer.email,
      billingAddress: customer.billingAddress,
    },
    lines: lines.map((line) => ({
      position: line.position,
      description: line.description,
      quantity: line.quantity,
      unitAmountMinor: line.unitAmountMinor,
      taxRateBps: line.taxRateBps,
      netMinor: lineNetMinor(line),
      taxMinor: lineTaxMinor(line),
    })),
    syncs,
    payments,
    amountPaidMinor,
    amountDueMinor:
      invoice.status === "paid" || invoice.status === "void" ? 0 : invoice.totalMinor - amountPaidMinor,
    history: history.map((entry) => ({
      id: entry.id,
      source: entry.source,
      action: entry.action,
      fromStatus: entry.fromStatus,
      toStatus: entry.toStatus,
      ok: entry.ok === 1,
      message: entry.message,
      attempt: entry.attempt,
      webhookEventId: entry.webhookEventId,
      createdAt: entry.createdAt,
    })),
    syncBlockedReason:
      invoice.status !== "draft" && syncs.length === 0
        ? "No invoicing integration is linked to this customer or the tenant: link one, then Sync now"
        : null,
  };
}
