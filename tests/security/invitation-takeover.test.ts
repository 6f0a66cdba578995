import { and, eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { member, user } from "@/server/db/schema";
import {
  authCall,
  cookieFrom,
  mailedLink,
  resetAuthThrottles,
  startMailWorker,
  stopMailWorker,
  trpcCall,
} from "../helpers/auth-http";
import { refresh, signUp, unique } from "../helpers/world";

// An owner invites an address; a stranger signs up with it first. Only whoever reads that mailbox
// may join, and only after proving it by a link that went there.
let boss: PgBoss;
let inviteId: string;
let tenantId: string;
const invitee = `${unique("newhire")}@acme.example`;
const outsiderPassword = "outsider-password-1";

beforeAll(async () => {
  await resetAuthThrottles();
  boss = await startMailWorker();
  let owner = await signUp("takeover-owner");
  const tenant = await owner.caller.tenants.create({ name: "Takeover Target", slug: unique("takeover") });
  tenantId = tenant.id;
  owner = await refresh(owner);
  inviteId = (await owner.caller.members.invite({ email: invitee, role: "admin" })).id;
});

afterAll(async () => {
  await stopMailWorker(boss);
});

async function signUpOverHttp(email: string, password: string, callbackURL?: string) {
  const response = await authCall("/sign-up/email", {
    body: { name: "Someone", email, password, callbackURL },
  });
  expect(response.status).toBe(200);
  return cookieFrom(response);
}

async function isMember(email: string) {
  const db = await getDb();
  const rows = await db
    .select({ id: member.id, role: member.role })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .where(and(eq(member.organizationId, tenantId), eq(user.email, email)));
  return rows[0] ?? null;
}

describe("taking over an invitation", () => {
  let outsiderCookie = "";

  it("an outsider who signs up with the invited address cannot see or accept the invitation", async () => {
    outsiderCookie = await signUpOverHttp(invitee, outsiderPassword);

    const mine = await trpcCall("members.myInvitations", outsiderCookie);
    expect(mine.status).toBe(403);
    expect(JSON.stringify(mine.body)).toMatch(/Confirm your email address/);
    const accepted = await trpcCall("members.accept", outsiderCookie, { id: inviteId }, "mutation");
    expect(accepted.status).toBe(403);

    // Nor through the auth library's own invitation routes.
    const listed = await authCall("/organization/list-user-invitations", { cookie: outsiderCookie });
    expect(listed.status).toBe(403);
    const direct = await authCall("/organization/accept-invitation", {
      cookie: outsiderCookie,
      body: { invitationId: inviteId },
    });
    expect(direct.status).toBe(403);
    expect(await isMember(invitee)).toBeNull();
  });

  it("the mailbox owner opening the link of the outsider's sign-up does not verify the outsider's account", async () => {
    const link = await mailedLink(invitee, "/api/auth/verify-email");
    const opened = await authCall(new URL(link).pathname + new URL(link).search);
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toMatch(/\/sign-in\?next=/);
    const [row] = await (await getDb())
      .select({ verified: user.emailVerified })
      .from(user)
      .where(eq(user.email, invitee));
    expect(row?.verified).toBe(false);
  });

  it("the real owner of the address takes it back by a mailed reset link, and joins", async () => {
    const requested = await authCall("/request-password-reset", {
      body: { email: invitee, redirectTo: "/reset-password" },
    });
    expect(requested.status).toBe(200);
    const link = new URL(await mailedLink(invitee, "/api/auth/reset-password/"));
    const opened = await authCall(link.pathname + link.search);
    expect(opened.status).toBe(302);
    const token = new URL(opened.headers.get("location") ?? "", "http://localhost:3000").searchParams.get(
      "token",
    );
    expect(token).toBeTruthy();
    const reset = await authCall("/reset-password", { body: { token, newPassword: "the-real-owner-1" } });
    expect(reset.status).toBe(200);

    // The outsider is signed out and its password no longer works.
    expect((await trpcCall("members.myInvitations", outsiderCookie)).status).toBe(401);
    const outsiderAgain = await authCall("/sign-in/email", {
      body: { email: invitee, password: outsiderPassword },
    });
    expect(outsiderAgain.status).toBe(401);

    const signedIn = await authCall("/sign-in/email", {
      body: { email: invitee, password: "the-real-owner-1" },
    });
    expect(signedIn.status).toBe(200);
    const cookie = cookieFrom(signedIn);
    const mine = await trpcCall("members.myInvitations", cookie);
    expect(mine.status).toBe(200);
    expect(JSON.stringify(mine.body)).toContain(inviteId);
    expect((await trpcCall("members.accept", cookie, { id: inviteId }, "mutation")).status).toBe(200);
    expect(await isMember(invitee)).toMatchObject({ role: "admin" });
  });

  it("a new user invited by email signs up, proves the address by the mailed link and joins", async () => {
    let owner = await signUp("second-owner");
    await owner.caller.tenants.create({ name: "Second Tenant", slug: unique("second") });
    owner = await refresh(owner);
    const fresh = `${unique("fresh")}@acme.example`;
    const invitation = await owner.caller.members.invite({ email: fresh, role: "member" });

    let cookie = await signUpOverHttp(fresh, "fresh-password-1", `/accept-invitation/${invitation.id}`);
    expect((await trpcCall("members.myInvitations", cookie)).status).toBe(403);

    const link = new URL(await mailedLink(fresh, "/api/auth/verify-email"));
    const verified = await authCall(link.pathname + link.search, { cookie });
    expect(verified.status).toBe(302);
    expect(verified.headers.get("location")).toBe(`/accept-invitation/${invitation.id}`);
    cookie = cookieFrom(verified, cookie);

    const mine = await trpcCall("members.myInvitations", cookie);
    expect(mine.status).toBe(200);
    expect(JSON.stringify(mine.body)).toContain(invitation.id);
    expect((await trpcCall("members.accept", cookie, { id: invitation.id }, "mutation")).status).toBe(200);
  });
});
