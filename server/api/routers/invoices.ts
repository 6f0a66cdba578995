import { z } from "zod";
import {
  createInvoiceInput,
  customerInvoiceRefInput,
  customerInvoicesInput,
  invoiceDetailOutput,
  invoicePageOutput,
  invoiceRefInput,
  invoiceStatusSchema,
  invoiceSyncOutput,
  listInvoicesInput,
  recordPaymentInput,
  syncAllOutput,
  syncCountsOutput,
  syncRequestOutput,
  updateDraftInput,
  voidInvoiceInput,
} from "@/lib/schemas/invoice";
import { getInvoice, listInvoices } from "@/server/services/invoices/read";
import { recordPayment, voidInvoice } from "@/server/services/invoices/settle";
import { createInvoice, deleteDraft, sendDraft, updateDraft } from "@/server/services/invoices/write";
import { syncAllPending } from "@/server/services/sync/all-pending";
import { syncCounts } from "@/server/services/sync/counts";
import { requestSync } from "@/server/services/sync/request";
import { createTRPCRouter, tenantAdminProcedure, tenantProcedure } from "../trpc";

const tags = ["invoices"];
const openapi = (
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: `/${string}`,
  summary: string,
  tag = tags,
) => ({
  openapi: { method, path, protect: true, tags: tag, summary },
});
const userIdOf = (actor: { type: string; userId?: string }) =>
  actor.type === "user" ? actor.userId : undefined;

const statusOutput = z.object({
  invoiceId: z.uuid(),
  number: z.string(),
  status: invoiceStatusSchema,
  overdue: z.boolean(),
  syncs: z.array(invoiceSyncOutput),
});

export const invoicesRouter = createTRPCRouter({
  /** Every member reads invoices. */
  list: tenantProcedure
    .meta(openapi("GET", "/invoices", "List invoices"))
    .input(listInvoicesInput.default({ limit: 50, offset: 0 }))
    .output(invoicePageOutput)
    .query(({ ctx, input }) => listInvoices(ctx, input)),
  byId: tenantProcedure
    .meta(openapi("GET", "/invoices/{invoiceId}", "Get an invoice with lines, syncs and history"))
    .input(invoiceRefInput)
    .output(invoiceDetailOutput)
    .query(({ ctx, input }) => getInvoice(ctx, input)),
  listForCustomer: tenantProcedure
    .meta(openapi("GET", "/customers/{customerId}/invoices", "List a customer's invoices"))
    .input(customerInvoicesInput)
    .output(invoicePageOutput)
    .query(({ ctx, input }) => listInvoices(ctx, input)),
  forCustomer: tenantProcedure
    .meta(openapi("GET", "/customers/{customerId}/invoices/{invoiceId}", "Get one of a customer's invoices"))
    .input(customerInvoiceRefInput)
    .output(invoiceDetailOutput)
    .query(({ ctx, input }) => getInvoice(ctx, input)),
  status: tenantProcedure
    .meta(openapi("GET", "/customers/{customerId}/invoices/{invoiceId}/status", "An invoice's sync status"))
    .input(customerInvoiceRefInput)
    .output(statusOutput)
    .query(async ({ ctx, input }) => {
      const invoice = await getInvoice(ctx, input, { history: false });
      return {
        invoiceId: invoice.id,
        number: invoice.number,
        status: invoice.status,
        overdue: invoice.overdue,
        syncs: invoice.syncs,
      };
    }),
  /** Owners/admins (or an API key) create, change and push invoices. */
  create: tenantAdminProcedure
    .meta(
      openapi("POST", "/customers/{customerId}/invoices", "Create an invoice (and push it unless a draft)"),
    )
    .input(createInvoiceInput)
    .output(invoiceDetailOutput)
    .mutation(({ ctx, input }) => createInvoice(ctx, input)),
  updateDraft: tenantAdminProcedure
    .meta(openapi("PUT", "/invoices/{invoiceId}", "Change a draft invoice"))
    .input(updateDraftInput)
    .output(invoiceDetailOutput)
    .mutation(({ ctx, input }) => updateDraft(ctx, input)),
  deleteDraft: tenantAdminProcedure
    .meta(openapi("DELETE", "/invoices/{invoiceId}", "Delete a draft invoice"))
    .input(invoiceRefInput)
    .output(z.object({ deleted: z.boolean() }))
    .mutation(({ ctx, input }) => deleteDraft(ctx, input.invoiceId)),
  send: tenantAdminProcedure
    .meta(openapi("POST", "/invoices/{invoiceId}/send", "Open a draft and push it"))
    .input(invoiceRefInput)
    .output(invoiceDetailOutput)
    .mutation(({ ctx, input }) => sendDraft(ctx, input.invoiceId)),
  /** Voids an open invoice here and at its provider where the provider allows it. */
  void: tenantAdminProcedure
    .meta(openapi("POST", "/invoices/{invoiceId}/void", "Void an open invoice"))
    .input(voidInvoiceInput)
    .output(invoiceDetailOutput)
    .mutation(({ ctx, input }) => voidInvoice(ctx, input)),
  /** Records a payment made outside the provider; paid once the payments cover the total. */
  recordPayment: tenantAdminProcedure
    .meta(openapi("POST", "/invoices/{invoiceId}/payments", "Record a payment against an open invoice"))
    .input(recordPaymentInput)
    .output(invoiceDetailOutput)
    .mutation(({ ctx, input }) => recordPayment(ctx, input)),
  sync: tenantAdminProcedure
    .meta(openapi("POST", "/customers/{customerId}/invoices/{invoiceId}/sync", "Sync one invoice now"))
    .input(customerInvoiceRefInput)
    .output(syncRequestOutput)
    .mutation(({ ctx, input }) => requestSync({ ...ctx, actorUserId: userIdOf(ctx.actor) }, input)),
  syncNow: tenantAdminProcedure
    .meta(openapi("POST", "/invoices/{invoiceId}/sync", "Sync one invoice now"))
    .input(invoiceRefInput)
    .output(syncRequestOutput)
    .mutation(({ ctx, input }) => requestSync({ ...ctx, actorUserId: userIdOf(ctx.actor) }, input)),
  syncAllPending: tenantAdminProcedure
    .meta(openapi("POST", "/billing/sync-all-pending", "Queue every pending or failed push", ["billing"]))
    .input(z.object({}).optional())
    .output(syncAllOutput)
    .mutation(({ ctx }) => syncAllPending(ctx.db, { tenantId: ctx.tenantId })),
  integrationStatus: tenantProcedure
    .meta(
      openapi("GET", "/billing/integration-status", "Sync counts and breaker per integration", ["billing"]),
    )
    .input(z.object({}).optional())
    .output(syncCountsOutput)
    .query(({ ctx }) => syncCounts(ctx)),
  providerSyncStatus: tenantProcedure
    .meta(
      openapi("GET", "/integrations/{provider}/sync/status", "Sync counts for one provider", [
        "integrations",
      ]),
    )
    .input(z.object({ provider: z.string().min(1).max(40) }))
    .output(syncCountsOutput)
    .query(({ ctx, input }) => syncCounts(ctx, { providerId: input.provider })),
});
