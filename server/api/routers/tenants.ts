import { z } from "zod";
import { AppError } from "@/lib/errors";
import { createTenantInput, tenantOutput } from "@/lib/schemas/tenant";
import { isPortalOnly } from "@/server/services/portal/portal";
import {
  createTenant,
  getTenant,
  listMyTenants,
  setActiveTenant,
  tenantOverview,
} from "@/server/services/tenants/tenants";
import { createTRPCRouter, tenantProcedure, userProcedure } from "../trpc";

export const tenantsRouter = createTRPCRouter({
  /** The tenant switcher lists every tenant the user belongs to. */
  mine: userProcedure.query(({ ctx }) => listMyTenants(ctx.db, ctx.actor.userId)),
  /** Onboarding: the first (or another) tenant, owned by the creator. */
  create: userProcedure.input(createTenantInput).mutation(async ({ ctx, input }) => {
    // A customer's portal contact reads invoices; they never get a tenant of their own.
    if (await isPortalOnly(ctx.db, ctx.session.user)) {
      throw new AppError("FORBIDDEN", "This account is for your supplier's billing portal; open /portal");
    }
    return createTenant(
      { db: ctx.db, auth: ctx.auth, headers: ctx.headers, userId: ctx.actor.userId },
      input,
    );
  }),
  /** Switches the active tenant of this session. */
  setActive: userProcedure
    .input(z.object({ tenantId: z.string().min(1) }))
    .mutation(({ ctx, input }) =>
      setActiveTenant(
        { db: ctx.db, auth: ctx.auth, headers: ctx.headers, userId: ctx.actor.userId },
        input.tenantId,
      ),
    ),
  /** The active tenant and the caller's role in it. */
  current: tenantProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/tenant",
        protect: true,
        tags: ["tenant"],
        summary: "The tenant of the API key",
      },
    })
    .input(z.object({}).optional())
    .output(tenantOutput)
    .query(async ({ ctx }) => ({ ...(await getTenant(ctx.db, ctx.tenantId)), role: ctx.role })),
  /** Counts for the dashboard home. */
  overview: tenantProcedure.query(({ ctx }) => tenantOverview(ctx.db, ctx.tenantId)),
});
