import { z } from "zod";
import { productInput, productOutput, productRefInput, updateProductInput } from "@/lib/schemas/product";
import {
  createProduct,
  deleteProduct,
  listProducts,
  updateProduct,
} from "@/server/services/products/products";
import { createTRPCRouter, tenantAdminProcedure, tenantProcedure } from "../trpc";

const openapi = (method: "GET" | "POST" | "PUT" | "DELETE", path: `/${string}`, summary: string) => ({
  openapi: { method, path, protect: true, tags: ["products"], summary },
});

export const productsRouter = createTRPCRouter({
  list: tenantProcedure
    .meta(openapi("GET", "/products", "List the product catalogue"))
    .input(z.object({}).optional())
    .output(z.array(productOutput))
    .query(({ ctx }) => listProducts(ctx)),
  create: tenantAdminProcedure
    .meta(openapi("POST", "/products", "Add a product"))
    .input(productInput)
    .output(productOutput)
    .mutation(({ ctx, input }) => createProduct(ctx, input)),
  update: tenantAdminProcedure
    .meta(openapi("PUT", "/products/{productId}", "Change a product"))
    .input(updateProductInput)
    .output(productOutput)
    .mutation(({ ctx, input }) => updateProduct(ctx, input)),
  remove: tenantAdminProcedure
    .meta(openapi("DELETE", "/products/{productId}", "Delete a product"))
    .input(productRefInput)
    .output(z.object({ deleted: z.boolean() }))
    .mutation(({ ctx, input }) => deleteProduct(ctx, input.productId)),
});
