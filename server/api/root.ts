import { adminRouter } from "./routers/admin";
import { apiKeysRouter } from "./routers/api-keys";
import { customersRouter } from "./routers/customers";
import { invoicesRouter } from "./routers/invoices";
import { membersRouter } from "./routers/members";
import { tenantsRouter } from "./routers/tenants";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  tenants: tenantsRouter,
  members: membersRouter,
  apiKeys: apiKeysRouter,
  customers: customersRouter,
  invoices: invoicesRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
