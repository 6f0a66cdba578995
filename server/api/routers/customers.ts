import { createCustomerInput, customerOutput, customerPageOutput, listInput } from "@/lib/schemas/customer";
import { createCustomer, listCustomers } from "@/server/services/customers/customers";
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
});
