import { z } from "zod";
import { inviteMemberInput, updateMemberRoleInput } from "@/lib/schemas/tenant";
import {
  acceptInvitation,
  cancelInvitation,
  inviteMember,
  listMembers,
  listMyInvitations,
  removeMember,
  updateMemberRole,
} from "@/server/services/members/members";
import { createTRPCRouter, tenantProcedure, tenantUserAdminProcedure, userProcedure } from "../trpc";

const idInput = z.object({ id: z.string().min(1) });

export const membersRouter = createTRPCRouter({
  /** Everyone in the tenant can see who else is in it. */
  list: tenantProcedure.query(({ ctx }) => listMembers(ctx.db, ctx.tenantId)),
  /** Owners/admins invite by email; the email goes out through the job queue. */
  invite: tenantUserAdminProcedure
    .input(inviteMemberInput)
    .mutation(({ ctx, input }) => inviteMember({ ...userCtx(ctx), tenantId: ctx.tenantId }, input)),
  cancelInvitation: tenantUserAdminProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => cancelInvitation({ ...userCtx(ctx), tenantId: ctx.tenantId }, input.id)),
  updateRole: tenantUserAdminProcedure
    .input(updateMemberRoleInput)
    .mutation(({ ctx, input }) => updateMemberRole({ ...userCtx(ctx), tenantId: ctx.tenantId }, input)),
  remove: tenantUserAdminProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => removeMember({ ...userCtx(ctx), tenantId: ctx.tenantId }, input.id)),
  /** Invitations waiting for the signed-in user, shown at onboarding. */
  myInvitations: userProcedure.query(({ ctx }) => listMyInvitations(ctx.db, ctx.actor)),
  /** Joins the tenant; only for an account whose address is verified (the invitation went there). */
  accept: userProcedure
    .input(idInput)
    .mutation(({ ctx, input }) =>
      acceptInvitation(
        { ...userCtx(ctx), email: ctx.actor.email, emailVerified: ctx.actor.emailVerified },
        input.id,
      ),
    ),
});

function userCtx(ctx: {
  db: import("@/server/db/client").Db;
  auth: import("@/server/auth").Auth;
  headers: Headers;
  actor: { userId: string };
}) {
  return { db: ctx.db, auth: ctx.auth, headers: ctx.headers, userId: ctx.actor.userId };
}
