import { z } from "zod";
import {
  createCustomerInput,
  customerOutput,
  customerPageOutput,
  customerRefInput,
  listInput,
  updateCustomerInput,
} from "@/lib/schemas/customer";
import { billingIntegrationOutput } from "@/lib/schemas/integration";
import {
  billingIntegrationStatus,
  removeBillingIntegration,
  setupBillingInput,
  setupBillingIntegration,
  testBillingIntegration,
  updateBillingCredentials,
} from "@/server/services/customers/billing-integration";
import {
  createCustomer,
  deleteCustomer,
  getCustomer,
  listCustomers,
  updateCustomer,
} from "@/server/services/customers/customers";
import { createTRPCRouter, tenantAdminProcedure, tenantProcedure } from "../trpc";

const openapi = (method: "GET" | "POST" | "PUT" | "DELETE", path: `/${string}`, summary: string) => ({
  openapi: { method, path, protect: true, tags: ["customers"], summary },
});

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
  billingIntegration: tenantProcedure
    .meta(
      openapi(
        "GET",
        "/customers/{customerId}/billing-integration/status",
        "The customer's billing integration",
      ),
    )
    .input(customerRefInput)
    .output(billingIntegrationOutput)
    .query(({ ctx, input }) => billingIntegrationStatus(ctx, input.customerId)),
  setupBillingIntegration: tenantAdminProcedure
    .meta(
      openapi(
        "POST",
        "/customers/{customerId}/billing-integration/setup",
        "Set up the customer's billing integration",
      ),
    )
    .input(setupBillingInput)
    .output(
      billingIntegrationOutput.extend({
        webhook: z.object({ url: z.string(), secret: z.string().nullable() }).nullable(),
      }),
    )
    .mutation(({ ctx, input }) => setupBillingIntegration(ctx, input)),
  updateBillingCredentials: tenantAdminProcedure
    .meta(
      openapi("PUT", "/customers/{customerId}/billing-integration/credentials", "Replace its credentials"),
    )
    .input(z.object({ customerId: z.uuid(), credentials: z.record(z.string(), z.unknown()) }))
    .output(billingIntegrationOutput)
    .mutation(({ ctx, input }) => updateBillingCredentials(ctx, input)),
  testBillingIntegration: tenantAdminProcedure
    .meta(openapi("POST", "/customers/{customerId}/billing-integration/test", "Test its credentials"))
    .input(customerRefInput)
    .output(billingIntegrationOutput)
    .mutation(({ ctx, input }) => testBillingIntegration(ctx, input.customerId)),
  removeBillingIntegration: tenantAdminProcedure
    .meta(
      openapi(
        "DELETE",
        "/customers/{customerId}/billing-integration",
        "Fall back to the tenant's integration",
      ),
    )
    .input(customerRefInput)
    .output(billingIntegrationOutput)
    .mutation(({ ctx, input }) => removeBillingIntegration(ctx, input.customerId)),
});
