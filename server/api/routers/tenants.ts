import { z } from "zod";
import { AppError } from "@/lib/errors";
import {
  createTenantInput,
  tenantOutput,
  tenantSettingsInput,
  tenantSettingsOutput,
  uploadLogoInput,
} from "@/lib/schemas/tenant";
import { isPortalOnly } from "@/server/services/portal/portal";
import {
  getTenantSettings,
  removeTenantLogo,
  updateTenantSettings,
  uploadTenantLogo,
} from "@/server/services/tenants/profile";
import {
  createTenant,
  getTenant,
  listMyTenants,
  setActiveTenant,
  tenantOverview,
} from "@/server/services/tenants/tenants";
import { createTRPCRouter, tenantAdminProcedure, tenantProcedure, userProcedure } from "../trpc";

const meta = (method: "GET" | "PUT" | "DELETE", path: `/${string}`, summary: string) => ({
  openapi: { method, path, protect: true, tags: ["tenant"], summary },
});

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
  /** Every member reads what the tenant prints on its invoices. */
  settings: tenantProcedure
    .meta(meta("GET", "/tenant/settings", "Name, business address, VAT/tax number and logo type"))
    .input(z.object({}).optional())
    .output(tenantSettingsOutput)
    .query(({ ctx }) => getTenantSettings(ctx.db, ctx.tenantId)),
  /** Owners/admins rename the tenant and set its business address and VAT/tax number. */
  updateSettings: tenantAdminProcedure
    .meta(meta("PUT", "/tenant/settings", "Rename the tenant; set its business address and VAT/tax number"))
    .input(tenantSettingsInput)
    .output(tenantSettingsOutput)
    .mutation(({ ctx, input }) => updateTenantSettings(ctx, input)),
  /** Owners/admins upload the logo shown on invoices and in the portal (PNG/JPEG, at most 256 KiB). */
  uploadLogo: tenantAdminProcedure
    .meta(meta("PUT", "/tenant/logo", "Upload the tenant's logo (PNG or JPEG, base64, at most 256 KiB)"))
    .input(uploadLogoInput)
    .output(tenantSettingsOutput)
    .mutation(({ ctx, input }) => uploadTenantLogo(ctx, input)),
  removeLogo: tenantAdminProcedure
    .meta(meta("DELETE", "/tenant/logo", "Remove the tenant's logo"))
    .input(z.object({}).optional())
    .output(tenantSettingsOutput)
    .mutation(({ ctx }) => removeTenantLogo(ctx)),
  /** Counts for the dashboard home. */
  overview: tenantProcedure.query(({ ctx }) => tenantOverview(ctx.db, ctx.tenantId)),
});
