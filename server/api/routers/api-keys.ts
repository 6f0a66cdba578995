import { z } from "zod";
import { createApiKeyInput } from "@/lib/schemas/tenant";
import { createApiKey, listApiKeys, revokeApiKey } from "@/server/services/api-keys/api-keys";
import { createTRPCRouter, tenantUserAdminProcedure } from "../trpc";

export const apiKeysRouter = createTRPCRouter({
  /** Keys are admin business: members do not see them. */
  list: tenantUserAdminProcedure.query(({ ctx }) => listApiKeys(ctx.db, ctx.tenantId)),
  /** Returns the full key once; only its start is kept visible afterwards. */
  create: tenantUserAdminProcedure.input(createApiKeyInput).mutation(({ ctx, input }) =>
    createApiKey(
      {
        auth: ctx.auth,
        db: ctx.db,
        tenantId: ctx.tenantId,
        userId: ctx.actor.userId,
        emailVerified: ctx.actor.emailVerified,
      },
      input,
    ),
  ),
  revoke: tenantUserAdminProcedure
    .input(z.object({ id: z.string().min(1) }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, ctx.tenantId, input.id)),
});
