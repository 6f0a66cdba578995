import { and, count, desc, eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { createCustomerInput, listInput, updateCustomerInput } from "@/lib/schemas/customer";
import { isForeignKeyViolation, isUniqueViolation } from "@/server/db/errors";
import { customers, invoices } from "@/server/db/schema";
import type { TenantContext } from "../context";

/** One page of the tenant's customers, newest first. */
export async function listCustomers(ctx: TenantContext, input: (typeof listInput)["_output"]) {
  const [items, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(customers)
      .where(eq(customers.tenantId, ctx.tenantId))
      .orderBy(desc(customers.createdAt))
      .limit(input.limit)
      .offset(input.offset),
    ctx.db.select({ value: count() }).from(customers).where(eq(customers.tenantId, ctx.tenantId)),
  ]);
  return { items, total: total?.value ?? 0 };
}

export async function createCustomer(ctx: TenantContext, input: (typeof createCustomerInput)["_output"]) {
  const [created] = await ctx.db
    .insert(customers)
    .values({
      tenantId: ctx.tenantId,
      name: input.name,
      email: input.email,
      billingAddress: input.billingAddress ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (!created) {
    throw new AppError("CONFLICT", `A customer with email ${input.email} already exists`, {
      details: [{ field: "email", reason: "already used by another customer" }],
    });
  }
  return created;
}

/** One of the tenant's customers, or 404. */
export async function getCustomer(ctx: TenantContext, customerId: string) {
  const [customer] = await ctx.db
    .select()
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.tenantId, ctx.tenantId)));
  if (!customer) throw new AppError("NOT_FOUND", "Customer not found");
  return customer;
}

export async function updateCustomer(ctx: TenantContext, input: (typeof updateCustomerInput)["_output"]) {
  await getCustomer(ctx, input.customerId);
  try {
    const [updated] = await ctx.db
      .update(customers)
      .set({ name: input.name, email: input.email, billingAddress: input.billingAddress ?? null })
      .where(and(eq(customers.id, input.customerId), eq(customers.tenantId, ctx.tenantId)))
      .returning();
    if (!updated) throw new AppError("NOT_FOUND", "Customer not found");
    return updated;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("CONFLICT", `A customer with email ${input.email} already exists`, {
        details: [{ field: "email", reason: "already used by another customer" }],
      });
    throw error;
  }
}

/** Deletes a customer without invoices; one with invoices is kept (their history matters). */
export async function deleteCustomer(ctx: TenantContext, customerId: string) {
  await getCustomer(ctx, customerId);
  const [used] = await ctx.db
    .select({ value: count() })
    .from(invoices)
    .where(and(eq(invoices.tenantId, ctx.tenantId), eq(invoices.customerId, customerId)));
  const hasInvoices = (invoiceCount: number | string) =>
    new AppError("CONFLICT", "This customer has invoices and cannot be deleted", {
      details: [
        { reason: `${invoiceCount} invoice(s)`, suggestion: "Keep the customer for the invoice history" },
      ],
    });
  if ((used?.value ?? 0) > 0) throw hasInvoices(used?.value ?? 0);
  try {
    await ctx.db
      .delete(customers)
      .where(and(eq(customers.id, customerId), eq(customers.tenantId, ctx.tenantId)));
  } catch (error) {
    // An invoice created for the customer since the count above: the database keeps the reference.
    if (isForeignKeyViolation(error)) throw hasInvoices("new");
    throw error;
  }
  return { deleted: true };
}
