import { and, asc, eq, gt } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { inviteMemberInput, updateMemberRoleInput } from "@/lib/schemas/tenant";
import type { Db } from "@/server/db/client";
import { invitation, member, organization, user } from "@/server/db/schema";
import type { UserContext } from "../context";

type TenantUserContext = UserContext & { tenantId: string };

/** Members and pending invitations of one tenant. */
export async function listMembers(db: Db, tenantId: string) {
  const [members, invitations] = await Promise.all([
    db
      .select({
        id: member.id,
        userId: user.id,
        name: user.name,
        email: user.email,
        role: member.role,
        joinedAt: member.createdAt,
      })
      .from(member)
      .innerJoin(user, eq(user.id, member.userId))
      .where(eq(member.organizationId, tenantId))
      .orderBy(asc(member.createdAt)),
    db
      .select({
        id: invitation.id,
        email: invitation.email,
        role: invitation.role,
        expiresAt: invitation.expiresAt,
      })
      .from(invitation)
      .where(
        and(
          eq(invitation.organizationId, tenantId),
          eq(invitation.status, "pending"),
          gt(invitation.expiresAt, new Date()),
        ),
      )
      .orderBy(asc(invitation.createdAt)),
  ]);
  return { members, invitations };
}

/** Invites someone by email; the invitation email is sent by the job queue. */
export async function inviteMember(ctx: TenantUserContext, input: (typeof inviteMemberInput)["_output"]) {
  const [existing] = await ctx.db
    .select({ id: member.id })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .where(and(eq(member.organizationId, ctx.tenantId), eq(user.email, input.email)))
    .limit(1);
  if (existing)
    throw new AppError("CONFLICT", `${input.email} is already a member`, {
      details: [{ field: "email", reason: "already a member" }],
    });
  const created = await ctx.auth.api.createInvitation({
    headers: ctx.headers,
    body: { email: input.email, role: input.role, organizationId: ctx.tenantId, resend: true },
  });
  return { id: created.id, email: created.email, role: created.role, expiresAt: created.expiresAt };
}

async function requireInvitation(db: Db, tenantId: string, invitationId: string) {
  const [found] = await db
    .select({ id: invitation.id })
    .from(invitation)
    .where(and(eq(invitation.id, invitationId), eq(invitation.organizationId, tenantId)))
    .limit(1);
  if (!found) throw new AppError("NOT_FOUND", "Invitation not found");
}

async function requireMember(db: Db, tenantId: string, memberId: string) {
  const [found] = await db
    .select({ id: member.id, role: member.role, userId: member.userId })
    .from(member)
    .where(and(eq(member.id, memberId), eq(member.organizationId, tenantId)))
    .limit(1);
  if (!found) throw new AppError("NOT_FOUND", "Member not found");
  return found;
}

export async function cancelInvitation(ctx: TenantUserContext, invitationId: string) {
  await requireInvitation(ctx.db, ctx.tenantId, invitationId);
  await ctx.auth.api.cancelInvitation({ headers: ctx.headers, body: { invitationId } });
  return { id: invitationId };
}

export async function updateMemberRole(
  ctx: TenantUserContext,
  input: (typeof updateMemberRoleInput)["_output"],
) {
  const target = await requireMember(ctx.db, ctx.tenantId, input.memberId);
  if (target.userId === ctx.userId) throw new AppError("FORBIDDEN", "You cannot change your own role");
  await ctx.auth.api.updateMemberRole({
    headers: ctx.headers,
    body: { memberId: input.memberId, role: input.role, organizationId: ctx.tenantId },
  });
  return { id: input.memberId, role: input.role };
}

export async function removeMember(ctx: TenantUserContext, memberId: string) {
  const target = await requireMember(ctx.db, ctx.tenantId, memberId);
  if (target.userId === ctx.userId) throw new AppError("FORBIDDEN", "You cannot remove yourself");
  await ctx.auth.api.removeMember({
    headers: ctx.headers,
    body: { memberIdOrEmail: memberId, organizationId: ctx.tenantId },
  });
  return { id: memberId };
}

/** Invitations go only to accounts that proved they own the address they were sent to. */
function requireVerifiedAddress(emailVerified: boolean) {
  if (!emailVerified)
    throw new AppError(
      "FORBIDDEN",
      "Confirm your email address first: open the link we emailed you (or ask for a new one), then come back to the invitation",
    );
}

/** Pending, unexpired invitations addressed to the signed-in user's email, once it is verified. */
export async function listMyInvitations(db: Db, user: { email: string; emailVerified: boolean }) {
  requireVerifiedAddress(user.emailVerified);
  const email = user.email;
  return db
    .select({
      id: invitation.id,
      tenantName: organization.name,
      role: invitation.role,
      expiresAt: invitation.expiresAt,
    })
    .from(invitation)
    .innerJoin(organization, eq(organization.id, invitation.organizationId))
    .where(
      and(
        eq(invitation.email, email.toLowerCase()),
        eq(invitation.status, "pending"),
        gt(invitation.expiresAt, new Date()),
      ),
    );
}

/** Accepts an invitation addressed to the user; the tenant becomes the active one. */
export async function acceptInvitation(
  ctx: UserContext & { email: string; emailVerified: boolean },
  invitationId: string,
) {
  requireVerifiedAddress(ctx.emailVerified);
  const [found] = await ctx.db
    .select({ id: invitation.id, email: invitation.email, tenantId: invitation.organizationId })
    .from(invitation)
    .where(and(eq(invitation.id, invitationId), eq(invitation.status, "pending")))
    .limit(1);
  if (!found || found.email.toLowerCase() !== ctx.email.toLowerCase())
    throw new AppError("NOT_FOUND", "Invitation not found or no longer valid");
  await ctx.auth.api.acceptInvitation({ headers: ctx.headers, body: { invitationId } });
  await ctx.auth.api.setActiveOrganization({
    headers: ctx.headers,
    body: { organizationId: found.tenantId },
  });
  return { tenantId: found.tenantId };
}
