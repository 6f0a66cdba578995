import { and, asc, eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { lineNetMinor, lineTaxMinor } from "@/lib/money";
import type { Db } from "@/server/db/client";
import { customerExternalRefs, customers, invoiceLines, invoices } from "@/server/db/schema";
import type { InvoiceDocument } from "@/server/providers/invoicing";

/** The invoice, its lines and its customer as gateways receive them, with the customer's id at this integration. */
export async function loadInvoiceDocument(
  db: Db,
  ref: { tenantId: string; invoiceId: string; integrationId: string },
): Promise<InvoiceDocument> {
  const [row] = await db
    .select({ invoice: invoices, customer: customers, externalId: customerExternalRefs.externalId })
    .from(invoices)
    .innerJoin(
      customers,
      and(eq(customers.id, invoices.customerId), eq(customers.tenantId, invoices.tenantId)),
    )
    .leftJoin(
      customerExternalRefs,
      and(
        eq(customerExternalRefs.tenantId, invoices.tenantId),
        eq(customerExternalRefs.customerId, customers.id),
        eq(customerExternalRefs.integrationId, ref.integrationId),
      ),
    )
    .where(and(eq(invoices.id, ref.invoiceId), eq(invoices.tenantId, ref.tenantId)));
  if (!row) throw new AppError("NOT_FOUND", "Invoice not found");
  const lines = await db
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.tenantId, ref.tenantId), eq(invoiceLines.invoiceId, ref.invoiceId)))
    .orderBy(asc(invoiceLines.position));
  const { invoice, customer } = row;
  return {
    id: invoice.id,
    number: invoice.number,
    currency: invoice.currency,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    memo: invoice.memo,
    subtotalMinor: invoice.subtotalMinor,
    taxMinor: invoice.taxMinor,
    totalMinor: invoice.totalMinor,
    lines: lines.map((line) => ({
      position: line.position,
      description: line.description,
      quantity: line.quantity,
      unitAmountMinor: line.unitAmountMinor,
      taxRateBps: line.taxRateBps,
      netMinor: lineNetMinor(line),
      taxMinor: lineTaxMinor(line),
    })),
    customer: {
      id: customer.id,
      name: customer.name,
      email: customer.email,
      billingAddress: customer.billingAddress,
      externalId: row.externalId ?? null,
    },
  };
}
