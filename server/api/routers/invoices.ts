import { invoicePageOutput, listInput } from "@/lib/schemas/customer";
import { listInvoices } from "@/server/services/invoices/invoices";
import { createTRPCRouter, tenantProcedure } from "../trpc";

export const invoicesRouter = createTRPCRouter({
  /** Every member reads the invoice list. */
  list: tenantProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/invoices",
        protect: true,
        tags: ["invoices"],
        summary: "List invoices",
      },
    })
    .input(listInput.default({ limit: 50, offset: 0 }))
    .output(invoicePageOutput)
    .query(({ ctx, input }) => listInvoices(ctx, input)),
});
