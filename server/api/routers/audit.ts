import { z } from "zod";
import { listAudit } from "@/server/services/audit/audit";
import { createTRPCRouter, tenantAdminProcedure } from "../trpc";

export const auditRouter = createTRPCRouter({
  /** The tenant's audit log with filters; owners and admins only. */
  list: tenantAdminProcedure
    .input(
      z.object({
        action: z.string().max(60).optional(),
        targetId: z.string().max(200).optional(),
        from: z.coerce.date().optional(),
        to: z.coerce.date().optional(),
        limit: z.number().int().min(1).max(200).default(50),
        offset: z.number().int().min(0).default(0),
      }),
    )
    .query(({ ctx, input }) => listAudit(ctx.db, ctx.tenantId, input)),
});
