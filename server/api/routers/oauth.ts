import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { oauthRefreshAttempts } from "@/server/db/schema";
import { requireIntegration } from "@/server/services/integrations/views";
import {
  chooseXeroOrganisation,
  completeOAuth,
  startInput,
  startOAuth,
} from "@/server/services/oauth/connect";
import { openTokenSet } from "@/server/services/oauth/tokens";
import { createTRPCRouter, tenantProcedure, tenantUserAdminProcedure } from "../trpc";

export const oauthRouter = createTRPCRouter({
  /** Starts the authorization (PKCE, server-side state); the browser goes to the returned URL. */
  start: tenantUserAdminProcedure
    .input(startInput)
    .mutation(({ ctx, input }) => startOAuth({ ...ctx, userId: ctx.actor.userId }, input)),
  /** Called by the callback route for the signed-in user, who must still be an owner or admin. */
  complete: tenantUserAdminProcedure
    .input(z.object({ provider: z.string().min(1).max(40), callbackUrl: z.url() }))
    .mutation(({ ctx, input }) => completeOAuth({ ...ctx, userId: ctx.actor.userId }, input)),
  /** Xero: picks which of the consented organisations this integration works with. */
  chooseOrganisation: tenantUserAdminProcedure
    .input(z.object({ integrationId: z.uuid(), xeroTenantId: z.string().min(1).max(80) }))
    .mutation(({ ctx, input }) => chooseXeroOrganisation({ ...ctx, userId: ctx.actor.userId }, input)),
  /** Token lifetime and the recent refresh attempts (never token values). */
  tokenStatus: tenantProcedure.input(z.object({ integrationId: z.uuid() })).query(async ({ ctx, input }) => {
    const row = await requireIntegration(ctx.db, ctx.tenantId, input.integrationId);
    const attempts = await ctx.db
      .select()
      .from(oauthRefreshAttempts)
      .where(
        and(eq(oauthRefreshAttempts.tenantId, ctx.tenantId), eq(oauthRefreshAttempts.integrationId, row.id)),
      )
      .orderBy(desc(oauthRefreshAttempts.attemptedAt))
      .limit(10);
    const tokenSet = row.credentials
      ? (() => {
          try {
            return openTokenSet(row);
          } catch {
            return null;
          }
        })()
      : null;
    return {
      expiresAt: tokenSet?.expiresAt ?? null,
      hasRefreshToken: Boolean(tokenSet?.refreshToken),
      attempts: attempts.map(({ attemptedAt, outcome, errorCode, durationMs }) => ({
        attemptedAt,
        outcome,
        errorCode,
        durationMs,
      })),
    };
  }),
});
