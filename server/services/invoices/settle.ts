import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import type { recordPaymentInput, voidInvoiceInput } from "@/lib/schemas/invoice";
import type { Tx } from "@/server/db/client";
import { eventOutbox, integrations, invoicePayments, invoiceSyncs, invoices } from "@/server/db/schema";
import { ProviderError, providerErrorToAppError } from "@/server/providers/errors";
import type { InvoicingGateway } from "@/server/providers/invoicing";
import { BudgetExhausted } from "@/server/ratelimit/provider-budget";
import { recordAudit } from "../audit/audit";
import type { TenantRequestContext } from "../context";
import { providerOf } from "../integrations/views";
import { invoicingGatewayOf } from "../sync/gateway";
import { applyStatusUpdate, isFinalSyncStatus } from "../sync/status";
import { getInvoice, paymentsOf } from "./read";

type SyncRow = typeof invoiceSyncs.$inferSelect;
type Settle = "void" | "paid";

const userIdOf = (ctx: TenantRequestContext) => (ctx.actor.type === "user" ? ctx.actor.userId : undefined);

/** The invoice row, held for this transaction so two people never settle it at once. */
async function lockInvoice(tx: Tx, tenantId: string, invoiceId: string) {
  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.id, invoiceId), eq(invoices.tenantId, tenantId)))
    .for("update");
  if (!invoice) throw new AppError("NOT_FOUND", "Invoice not found");
  if (invoice.status !== "open")
    throw new AppError(
      "CONFLICT",
      `Invoice ${invoice.number} is ${invoice.status}: only open invoices can change`,
    );
  return invoice;
}

/**
 * Carries the change to each provider that holds the invoice, where its gateway can; returns, per
 * sync, what the history should say. A provider refusal stops everything (nothing is recorded here).
 */
async function settleAtProviders(
  ctx: TenantRequestContext,
  tx: Tx,
  syncs: SyncRow[],
  settle: Settle,
  paidAt: Date,
) {
  const notes = new Map<string, string>();
  for (const sync of syncs) {
    const name = providerOf(sync.providerId).displayName;
    // A push in flight would create the invoice at the provider after this: let it finish first.
    if (sync.lockedUntil && sync.lockedUntil > new Date())
      throw new AppError(
        "CONFLICT",
        `The invoice is being pushed to ${name} right now; try again in a moment`,
        {
          retryAfterSeconds: 5,
        },
      );
    if (!sync.externalId) {
      notes.set(
        sync.id,
        Object.keys(sync.checkpoint).length > 0
          ? `Recorded here only: the push to ${name} did not finish; check ${name} for a half-made invoice`
          : `Recorded here only: the invoice had not reached ${name}, so it will not be pushed`,
      );
      continue;
    }
    const [integration] = await tx
      .select()
      .from(integrations)
      .where(and(eq(integrations.id, sync.integrationId), eq(integrations.tenantId, ctx.tenantId)));
    const gateway: InvoicingGateway | null =
      integration && !integration.disconnectedAt ? invoicingGatewayOf(ctx.db, ctx.log, integration) : null;
    const call =
      settle === "void"
        ? gateway?.voidInvoice?.bind(gateway, { externalId: sync.externalId })
        : gateway?.markPaidOutside?.bind(gateway, { externalId: sync.externalId, paidAt });
    if (!call) {
      const what = settle === "void" ? "void it" : "mark it paid";
      notes.set(
        sync.id,
        gateway
          ? `Recorded here only: ${name} cannot be updated from Plugboard; ${what} in ${name} as well`
          : `Recorded here only: the ${name} integration is disconnected; ${what} in ${name} as well`,
      );
      continue;
    }
    try {
      await call();
    } catch (error) {
      if (error instanceof ProviderError) throw providerErrorToAppError(name, error);
      if (error instanceof BudgetExhausted)
        throw new AppError(
          "TOO_MANY_REQUESTS",
          `${name}'s call budget is used up for now; try again shortly`,
          {
            retryAfterSeconds: Math.max(1, Math.ceil(error.retryAfterMs / 1000)),
          },
        );
      throw error;
    }
    notes.set(
      sync.id,
      settle === "void" ? `Voided in ${name}` : `Marked paid in ${name} (paid outside ${name})`,
    );
  }
  return notes;
}

/** The invoice's syncs that can still change (not already paid or void at their provider). */
async function openSyncsOf(tx: Tx, tenantId: string, invoiceId: string) {
  const rows = await tx
    .select()
    .from(invoiceSyncs)
    .where(and(eq(invoiceSyncs.tenantId, tenantId), eq(invoiceSyncs.invoiceId, invoiceId)));
  return rows.filter((sync) => !isFinalSyncStatus(sync.status));
}

/**
 * Settles the invoice through each sync's state machine (history, invoice status, domain events), or,
 * for an invoice that never had a sync, directly with the same domain events.
 */
async function applySettlement(
  ctx: TenantRequestContext,
  tx: Tx,
  invoice: { id: string; number: string },
  syncs: SyncRow[],
  notes: Map<string, string>,
  update: { status: Settle; paidAt?: Date; paymentMethod?: string; message: string },
) {
  for (const sync of syncs) {
    const note = notes.get(sync.id);
    await applyStatusUpdate(
      tx,
      { tenantId: ctx.tenantId, invoiceSyncId: sync.id },
      {
        status: update.status,
        source: "manual",
        actorUserId: userIdOf(ctx),
        paidAt: update.paidAt,
        paymentMethod: update.paymentMethod,
        message: note ? `${update.message}. ${note}` : update.message,
        lastError: null,
      },
    );
  }
  if (syncs.length > 0) return;
  await tx
    .update(invoices)
    .set({ status: update.status, ...(update.paidAt ? { paidAt: update.paidAt } : {}) })
    .where(and(eq(invoices.id, invoice.id), eq(invoices.tenantId, ctx.tenantId)));
  const payload = {
    invoiceId: invoice.id,
    status: update.status,
    source: "manual",
    ...(update.paidAt ? { paidAt: update.paidAt.toISOString() } : {}),
  };
  const types = update.status === "void" ? ["invoice.voided"] : ["invoice.paid", "payment.received"];
  await tx.insert(eventOutbox).values(
    types.map((type) => ({
      tenantId: ctx.tenantId,
      type,
      subjectType: "invoice",
      subjectId: invoice.id,
      payload,
    })),
  );
}

/**
 * Voids an open invoice: at its provider where the gateway can (Stripe), else here only with a note
 * saying so. An invoice with payments recorded against it is refunded first, not voided.
 */
export async function voidInvoice(ctx: TenantRequestContext, input: z.infer<typeof voidInvoiceInput>) {
  await ctx.db.transaction(async (tx) => {
    const invoice = await lockInvoice(tx, ctx.tenantId, input.invoiceId);
    const payments = await paymentsOf(tx, ctx.tenantId, invoice.id);
    if (payments.length > 0)
      throw new AppError(
        "CONFLICT",
        `Invoice ${invoice.number} has payments recorded: refund them before voiding`,
      );
    const syncs = await openSyncsOf(tx, ctx.tenantId, invoice.id);
    const notes = await settleAtProviders(ctx, tx, syncs, "void", new Date());
    const message = input.reason ? `Voided by hand: ${input.reason}` : "Voided by hand";
    await applySettlement(ctx, tx, invoice, syncs, notes, { status: "void", message });
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: "invoice.voided",
      targetType: "invoice",
      targetId: invoice.id,
      ip: ctx.ip,
      metadata: { number: invoice.number, reason: input.reason ?? null },
    });
  });
  return getInvoice(ctx, { invoiceId: input.invoiceId });
}

/**
 * Records a payment made outside the provider. The invoice turns paid only when the payments cover
 * its total (then the provider is told, where it can be); a part payment is recorded and announced
 * as `payment.received`. Paying more than is due is refused.
 */
export async function recordPayment(ctx: TenantRequestContext, input: z.infer<typeof recordPaymentInput>) {
  await ctx.db.transaction(async (tx) => {
    const invoice = await lockInvoice(tx, ctx.tenantId, input.invoiceId);
    const paid = (await paymentsOf(tx, ctx.tenantId, invoice.id)).reduce(
      (sum, row) => sum + row.amountMinor,
      0,
    );
    const due = invoice.totalMinor - paid;
    if (input.amountMinor > due)
      throw new AppError(
        "BAD_REQUEST",
        `Only ${formatMoney(due, invoice.currency)} is due on ${invoice.number}`,
        {
          details: [{ field: "amountMinor", reason: "more than the amount due" }],
        },
      );
    const full = input.amountMinor === due;
    const paidAt = new Date(`${input.paidOn}T12:00:00Z`);
    const syncs = full ? await openSyncsOf(tx, ctx.tenantId, invoice.id) : [];
    const notes = full ? await settleAtProviders(ctx, tx, syncs, "paid", paidAt) : new Map<string, string>();
    const [payment] = await tx
      .insert(invoicePayments)
      .values({
        tenantId: ctx.tenantId,
        invoiceId: invoice.id,
        amountMinor: input.amountMinor,
        paidOn: input.paidOn,
        method: input.method,
        reference: input.reference || null,
        recordedBy: userIdOf(ctx) ?? null,
      })
      .returning({ id: invoicePayments.id });
    const amount = formatMoney(input.amountMinor, invoice.currency);
    if (full) {
      await applySettlement(ctx, tx, invoice, syncs, notes, {
        status: "paid",
        paidAt,
        paymentMethod: input.method,
        message: `Payment of ${amount} recorded by hand (${input.method.replace("_", " ")})`,
      });
    } else {
      await tx.insert(eventOutbox).values({
        tenantId: ctx.tenantId,
        type: "payment.received",
        subjectType: "invoice",
        subjectId: invoice.id,
        payload: {
          invoiceId: invoice.id,
          amountMinor: input.amountMinor,
          currency: invoice.currency,
          paidOn: input.paidOn,
          method: input.method,
          partial: true,
          source: "manual",
        },
      });
    }
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: "invoice.payment_recorded",
      targetType: "invoice",
      targetId: invoice.id,
      ip: ctx.ip,
      metadata: {
        number: invoice.number,
        paymentId: payment?.id ?? null,
        amountMinor: input.amountMinor,
        method: input.method,
        paidOn: input.paidOn,
        fullyPaid: full,
      },
    });
  });
  return getInvoice(ctx, { invoiceId: input.invoiceId });
}
