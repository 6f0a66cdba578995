import { adminRouter } from "./routers/admin";
import { apiKeysRouter } from "./routers/api-keys";
import { auditRouter } from "./routers/audit";
import { customersRouter } from "./routers/customers";
import { integrationsRouter } from "./routers/integrations";
import { invoicesRouter } from "./routers/invoices";
import { linksRouter } from "./routers/links";
import { membersRouter } from "./routers/members";
import { oauthRouter } from "./routers/oauth";
import { portalRouter } from "./routers/portal";
import { productsRouter } from "./routers/products";
import { tenantsRouter } from "./routers/tenants";
import { webhooksRouter } from "./routers/webhooks";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  tenants: tenantsRouter,
  members: membersRouter,
  apiKeys: apiKeysRouter,
  customers: customersRouter,
  invoices: invoicesRouter,
  integrations: integrationsRouter,
  links: linksRouter,
  audit: auditRouter,
  webhooks: webhooksRouter,
  oauth: oauthRouter,
  admin: adminRouter,
  portal: portalRouter,
  products: productsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;
