import { count, desc, eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { createCustomerInput, listInput } from "@/lib/schemas/customer";
import { customers } from "@/server/db/schema";
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
