import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { invoiceTotals } from "@/lib/money";
import type { createInvoiceInput, updateDraftInput } from "@/lib/schemas/invoice";
import type { Tx } from "@/server/db/client";
import { customers, eventOutbox, invoiceLines, invoices } from "@/server/db/schema";
import { queuePush } from "@/server/jobs/handlers/invoices";
import { recordAudit } from "../audit/audit";
import type { TenantRequestContext } from "../context";
import { createSyncFor } from "../sync/request";
import { nextInvoiceNumber } from "./numbering";
import { getInvoice, requireInvoice } from "./read";

type Lines = z.infer<typeof createInvoiceInput>["lines"];
type InvoiceContext = TenantRequestContext;

const todayIso = () => new Date().toISOString().slice(0, 10);

async function writeLines(tx: Tx, tenantId: string, invoiceId: string, lines: Lines) {
  await tx.insert(invoiceLines).values(
    lines.map((line, position) => ({
      tenantId,
      invoiceId,
      position,
      description: line.description,
      quantity: line.quantity,
      unitAmountMinor: line.unitAmountMinor,
      taxRateBps: line.taxRateBps,
    })),
  );
}

async function requireCustomer(ctx: InvoiceContext, customerId: string) {
  const [customer] = await ctx.db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.tenantId, ctx.tenantId)));
  if (!customer)
    throw new AppError("NOT_FOUND", "Customer not found", {
      details: [{ field: "customerId", reason: "not found" }],
    });
}

const totalsOf = (lines: Lines) => {
  try {
    return invoiceTotals(lines);
  } catch {
    throw new AppError("BAD_REQUEST", "The invoice total is too large", {
      details: [{ field: "lines", reason: "too large" }],
    });
  }
};

/**
 * Creates an invoice with the next number of its issue year. With `send`, it is opened and pushed to
 * the customer's invoicing integration (the sync is created in the same request, the push queued).
 */
export async function createInvoice(ctx: InvoiceContext, input: z.infer<typeof createInvoiceInput>) {
  await requireCustomer(ctx, input.customerId);
  const issueDate = input.issueDate ?? todayIso();
  if (input.dueDate < issueDate)
    throw new AppError("BAD_REQUEST", "The due date cannot be before the issue date", {
      details: [{ field: "dueDate", reason: "before the issue date" }],
    });
  const totals = totalsOf(input.lines);
  const created = await ctx.db.transaction(async (tx) => {
    const number = await nextInvoiceNumber(tx, ctx.tenantId, Number(issueDate.slice(0, 4)));
    const [invoice] = await tx
      .insert(invoices)
      .values({
        tenantId: ctx.tenantId,
        customerId: input.customerId,
        number,
        status: input.send ? "open" : "draft",
        currency: input.currency,
        ...totals,
        issueDate,
        dueDate: input.dueDate,
        memo: input.memo || null,
        createdBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
      })
      .returning();
    if (!invoice) throw new Error("invoice not created");
    await writeLines(tx, ctx.tenantId, invoice.id, input.lines);
    await tx.insert(eventOutbox).values({
      tenantId: ctx.tenantId,
      type: "invoice.created",
      subjectType: "invoice",
      subjectId: invoice.id,
      payload: {
        invoiceId: invoice.id,
        number,
        status: invoice.status,
        currency: invoice.currency,
        totalMinor: invoice.totalMinor,
      },
    });
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: "invoice.created",
      targetType: "invoice",
      targetId: invoice.id,
      ip: ctx.ip,
      metadata: { number, send: input.send },
    });
    return invoice;
  });
  if (input.send) await startPush(ctx, created);
  return getInvoice(ctx, { invoiceId: created.id });
}

async function startPush(ctx: InvoiceContext, invoice: { id: string; tenantId: string; customerId: string }) {
  const sync = await createSyncFor(ctx.db, invoice);
  if (sync) await queuePush({ tenantId: ctx.tenantId, invoiceSyncId: sync.id });
}

async function requireDraft(ctx: InvoiceContext, invoiceId: string) {
  const invoice = await requireInvoice(ctx.db, ctx.tenantId, invoiceId);
  if (invoice.status !== "draft")
    throw new AppError("CONFLICT", `Invoice ${invoice.number} is ${invoice.status}: only drafts can change`);
  return invoice;
}

/** Replaces a draft's dates, memo and lines. */
export async function updateDraft(ctx: InvoiceContext, input: z.infer<typeof updateDraftInput>) {
  const draft = await requireDraft(ctx, input.invoiceId);
  const issueDate = input.issueDate ?? draft.issueDate;
  const totals = totalsOf(input.lines);
  await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(invoices)
      .set({
        currency: input.currency,
        issueDate,
        dueDate: input.dueDate,
        memo: input.memo || null,
        ...totals,
      })
      .where(
        and(eq(invoices.id, draft.id), eq(invoices.tenantId, ctx.tenantId), eq(invoices.status, "draft")),
      )
      .returning({ id: invoices.id });
    if (!updated) throw new AppError("CONFLICT", `Invoice ${draft.number} was sent meanwhile`);
    await tx
      .delete(invoiceLines)
      .where(and(eq(invoiceLines.tenantId, ctx.tenantId), eq(invoiceLines.invoiceId, draft.id)));
    await writeLines(tx, ctx.tenantId, draft.id, input.lines);
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: "invoice.updated",
      targetType: "invoice",
      targetId: draft.id,
      ip: ctx.ip,
      metadata: { number: draft.number },
    });
  });
  return getInvoice(ctx, { invoiceId: draft.id });
}

/** Deletes a draft (its number stays used, so numbers never repeat). */
export async function deleteDraft(ctx: InvoiceContext, invoiceId: string) {
  const draft = await requireDraft(ctx, invoiceId);
  await ctx.db.transaction(async (tx) => {
    await tx
      .delete(invoices)
      .where(
        and(eq(invoices.id, draft.id), eq(invoices.tenantId, ctx.tenantId), eq(invoices.status, "draft")),
      );
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: "invoice.deleted",
      targetType: "invoice",
      targetId: draft.id,
      ip: ctx.ip,
      metadata: { number: draft.number },
    });
  });
  return { deleted: true };
}

/** Opens a draft and pushes it to the customer's invoicing integration. */
export async function sendDraft(ctx: InvoiceContext, invoiceId: string) {
  const draft = await requireDraft(ctx, invoiceId);
  const [opened] = await ctx.db
    .update(invoices)
    .set({ status: "open" })
    .where(and(eq(invoices.id, draft.id), eq(invoices.tenantId, ctx.tenantId), eq(invoices.status, "draft")))
    .returning();
  if (!opened) throw new AppError("CONFLICT", `Invoice ${draft.number} was sent meanwhile`);
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actor: ctx.actor,
    action: "invoice.sent",
    targetType: "invoice",
    targetId: draft.id,
    ip: ctx.ip,
    metadata: { number: draft.number },
  });
  await startPush(ctx, opened);
  return getInvoice(ctx, { invoiceId: draft.id });
}
