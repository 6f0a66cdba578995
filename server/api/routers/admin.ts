import { listAllTenants, platformStats } from "@/server/services/admin/admin";
import { createTRPCRouter, platformAdminProcedure } from "../trpc";

export const adminRouter = createTRPCRouter({
  /** Platform admins see every tenant; nobody else sees across tenants. */
  tenants: platformAdminProcedure.query(({ ctx }) => listAllTenants(ctx.db)),
  stats: platformAdminProcedure.query(({ ctx }) => platformStats(ctx.db)),
});
