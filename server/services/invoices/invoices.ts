import { and, count, desc, eq } from "drizzle-orm";
import type { listInput } from "@/lib/schemas/customer";
import { customers, invoices } from "@/server/db/schema";
import type { TenantContext } from "../context";

/** One page of the tenant's invoices with the customer's name, newest first. */
export async function listInvoices(ctx: TenantContext, input: (typeof listInput)["_output"]) {
  const [items, [total]] = await Promise.all([
    ctx.db
      .select({
        id: invoices.id,
        number: invoices.number,
        status: invoices.status,
        currency: invoices.currency,
        totalMinor: invoices.totalMinor,
        issueDate: invoices.issueDate,
        dueDate: invoices.dueDate,
        customerName: customers.name,
      })
      .from(invoices)
      .innerJoin(
        customers,
        and(eq(customers.id, invoices.customerId), eq(customers.tenantId, invoices.tenantId)),
      )
      .where(eq(invoices.tenantId, ctx.tenantId))
      .orderBy(desc(invoices.issueDate), desc(invoices.number))
      .limit(input.limit)
      .offset(input.offset),
    ctx.db.select({ value: count() }).from(invoices).where(eq(invoices.tenantId, ctx.tenantId)),
  ]);
  return { items, total: total?.value ?? 0 };
}
