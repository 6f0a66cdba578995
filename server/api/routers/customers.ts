import { z } from "zod";
import {
  createCustomerInput,
  customerOutput,
  customerPageOutput,
  customerRefInput,
  listInput,
  updateCustomerInput,
} from "@/lib/schemas/customer";
import {
  createCustomer,
  deleteCustomer,
  getCustomer,
  listCustomers,
  updateCustomer,
} from "@/server/services/customers/customers";
import { createTRPCRouter, tenantAdminProcedure, tenantProcedure } from "../trpc";

export const customersRouter = createTRPCRouter({
  /** Every member reads the customer list. */
  list: tenantProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/customers",
        protect: true,
        tags: ["customers"],
        summary: "List customers",
      },
    })
    .input(listInput.default({ limit: 50, offset: 0 }))
    .output(customerPageOutput)
    .query(({ ctx, input }) => listCustomers(ctx, input)),
  /** Owners/admins (or an API key) add customers. */
  create: tenantAdminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/customers",
        protect: true,
        tags: ["customers"],
        summary: "Create a customer",
      },
    })
    .input(createCustomerInput)
    .output(customerOutput)
    .mutation(({ ctx, input }) => createCustomer(ctx, input)),
  byId: tenantProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/customers/{customerId}",
        protect: true,
        tags: ["customers"],
        summary: "Get a customer",
      },
    })
    .input(customerRefInput)
    .output(customerOutput)
    .query(({ ctx, input }) => getCustomer(ctx, input.customerId)),
  update: tenantAdminProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/customers/{customerId}",
        protect: true,
        tags: ["customers"],
        summary: "Change a customer",
      },
    })
    .input(updateCustomerInput)
    .output(customerOutput)
    .mutation(({ ctx, input }) => updateCustomer(ctx, input)),
  remove: tenantAdminProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/customers/{customerId}",
        protect: true,
        tags: ["customers"],
        summary: "Delete a customer without invoices",
      },
    })
    .input(customerRefInput)
    .output(z.object({ deleted: z.boolean() }))
    .mutation(({ ctx, input }) => deleteCustomer(ctx, input.customerId)),
});
