import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { apikey, user, verification } from "@/server/db/schema";
import { authCall, resetAuthThrottles } from "../helpers/auth-http";
import { restClient } from "../helpers/rest";
import { type Person, refresh, signUp, signUpUnverified, unique } from "../helpers/world";

// A tenant admin must not become platform admin by writing its key's metadata, and better-auth's own
// key routes must not let anyone around our role checks.
let platformAdmin: Person;
let tenantOwner: Person;
let tenantMember: Person;
let tenantId: string;
const cookieOf = (person: Person) => person.headers.get("cookie") ?? "";

beforeAll(async () => {
  await resetAuthThrottles();
  const db = await getDb();
  platformAdmin = await signUp("platform-admin");
  // What `npm run admin -- create-admin` does for an existing user.
  await db.update(user).set({ isPlatformAdmin: true }).where(eq(user.id, platformAdmin.userId));
  await platformAdmin.caller.tenants.create({ name: "Operator", slug: unique("operator") });
  platformAdmin = await refresh(platformAdmin);

  tenantOwner = await signUp("key-owner");
  tenantId = (await tenantOwner.caller.tenants.create({ name: "Forger", slug: unique("forger") })).id;
  tenantOwner = await refresh(tenantOwner);
  tenantMember = await signUp("key-member");
  const invitation = await tenantOwner.caller.members.invite({ email: tenantMember.email, role: "member" });
  await tenantMember.caller.members.accept({ id: invitation.id });
  tenantMember = await refresh(tenantMember);
});

describe("platform-admin rights of API keys", () => {
  it("better-auth's key routes are closed: no create or update with chosen metadata", async () => {
    const created = await authCall("/api-key/create", {
      cookie: cookieOf(tenantOwner),
      body: { name: "forged", organizationId: tenantId, metadata: { createdBy: platformAdmin.userId } },
    });
    expect(created.status).toBe(404);
    expect(await created.json()).toMatchObject({ statusCode: 404, error: "Not Found" });

    const key = await tenantOwner.caller.apiKeys.create({ name: "honest", expiresInDays: null });
    const updated = await authCall("/api-key/update", {
      cookie: cookieOf(tenantOwner),
      body: { keyId: key.id, metadata: { createdBy: platformAdmin.userId } },
    });
    expect(updated.status).toBe(404);
    for (const path of [`/api-key/get?id=${key.id}`, "/api-key/list"]) {
      expect((await authCall(path, { cookie: cookieOf(tenantOwner) })).status).toBe(404);
    }
    const deleted = await authCall("/api-key/delete", {
      cookie: cookieOf(tenantOwner),
      body: { keyId: key.id },
    });
    expect(deleted.status).toBe(404);
  });

  it("metadata naming a platform admin gives a key no rights; only our own record of its creator does", async () => {
    const key = await tenantOwner.caller.apiKeys.create({ name: "metadata says admin", expiresInDays: null });
    // However the metadata got there, it carries no rights.
    await (await getDb())
      .update(apikey)
      .set({ metadata: JSON.stringify({ createdBy: platformAdmin.userId }) })
      .where(eq(apikey.id, key.id));
    const response = await restClient(() => key.key)("GET", "/internal/connections");
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ statusCode: 403, error: "Forbidden" });

    const operatorKey = await platformAdmin.caller.apiKeys.create({
      name: "operator key",
      expiresInDays: null,
    });
    expect((await restClient(() => operatorKey.key)("GET", "/internal/connections")).status).toBe(200);
  });

  it("members cannot list the tenant's key records through better-auth either", async () => {
    await tenantOwner.caller.apiKeys.create({ name: "secret name", expiresInDays: null });
    const listed = await authCall(`/api-key/list?organizationId=${tenantId}`, {
      cookie: cookieOf(tenantMember),
    });
    expect(listed.status).toBe(404);
    expect(await listed.text()).not.toContain("secret name");
    await expect(tenantMember.caller.apiKeys.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("a squatted platform-admin address", () => {
  it("cannot leave an API key behind before the address is proven, and a reset by the real owner revokes any", async () => {
    const db = await getDb();
    // Someone signs up first with an address the operator lists as a platform admin.
    let squatter = await signUpUnverified("squatter");
    await db.update(user).set({ isPlatformAdmin: true }).where(eq(user.id, squatter.userId));
    await squatter.caller.tenants.create({ name: "Squat", slug: unique("squat") });
    squatter = await refresh(squatter);
    await expect(
      squatter.caller.apiKeys.create({ name: "for later", expiresInDays: null }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });

    // A key that exists anyway (made before this rule) dies when the real owner resets the password.
    await db.update(user).set({ emailVerified: true }).where(eq(user.id, squatter.userId));
    const leftover = await (await refresh(squatter)).caller.apiKeys.create({
      name: "leftover",
      expiresInDays: null,
    });
    await db.update(user).set({ emailVerified: false }).where(eq(user.id, squatter.userId));
    const { getAuth } = await import("@/server/auth");
    const auth = await getAuth();
    await auth.api.requestPasswordReset({ body: { email: squatter.email, redirectTo: "/reset-password" } });
    const [token] = await db
      .select({ identifier: verification.identifier, value: verification.value })
      .from(verification)
      .where(eq(verification.value, squatter.userId));
    await auth.api.resetPassword({
      body: {
        token: (token?.identifier ?? "").replace(/^reset-password:/, ""),
        newPassword: "owner-takes-it-back",
      },
    });
    expect(await db.select().from(apikey).where(eq(apikey.id, leftover.id))).toEqual([]);
  });
});
