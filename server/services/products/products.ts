import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import type { productInput, updateProductInput } from "@/lib/schemas/product";
import { isUniqueViolation } from "@/server/db/errors";
import { products } from "@/server/db/schema";
import type { TenantContext } from "../context";

/** The tenant's line-item catalogue: a product fills an invoice line's description, price and tax. */
export async function listProducts(ctx: TenantContext) {
  return ctx.db
    .select()
    .from(products)
    .where(eq(products.tenantId, ctx.tenantId))
    .orderBy(asc(products.name));
}

const nameTaken = (name: string) =>
  new AppError("CONFLICT", `A product named ${name} already exists`, {
    details: [{ field: "name", reason: "already used by another product" }],
  });

export async function createProduct(ctx: TenantContext, input: z.infer<typeof productInput>) {
  const [created] = await ctx.db
    .insert(products)
    .values({ ...input, description: input.description || null, tenantId: ctx.tenantId })
    .onConflictDoNothing()
    .returning();
  if (!created) throw nameTaken(input.name);
  return created;
}

export async function updateProduct(ctx: TenantContext, input: z.infer<typeof updateProductInput>) {
  const { productId, ...fields } = input;
  try {
    const [updated] = await ctx.db
      .update(products)
      .set({ ...fields, description: fields.description || null })
      .where(and(eq(products.id, productId), eq(products.tenantId, ctx.tenantId)))
      .returning();
    if (!updated) throw new AppError("NOT_FOUND", "Product not found");
    return updated;
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

/** Invoices copy a product's values into their lines, so deleting a product changes no invoice. */
export async function deleteProduct(ctx: TenantContext, productId: string) {
  const removed = await ctx.db
    .delete(products)
    .where(and(eq(products.id, productId), eq(products.tenantId, ctx.tenantId)))
    .returning({ id: products.id });
  if (!removed.length) throw new AppError("NOT_FOUND", "Product not found");
  return { deleted: true };
}
