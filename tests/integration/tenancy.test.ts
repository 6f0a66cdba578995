import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "../helpers/world";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

describe("tenants, members and invitations", () => {
  it("the creator owns the tenant and it becomes active", async () => {
    const current = await world.ownerA.caller.tenants.current();
    expect(current).toMatchObject({ id: world.tenantA.id, name: "Tenant A", role: "owner" });
  });

  it("an invited member joins with the member role and sees the member list", async () => {
    const current = await world.memberA.caller.tenants.current();
    expect(current.role).toBe("member");
    const { members } = await world.memberA.caller.members.list();
    expect(members.map((entry) => entry.role).sort()).toEqual(["member", "owner"]);
  });

  it("pending invitations are listed for admins", async () => {
    const { invitations } = await world.ownerA.caller.members.list();
    expect(invitations.map((entry) => entry.email)).toContain(world.pendingInvitationA.email);
  });

  it("inviting an existing member is a conflict with a field detail", async () => {
    const error = await world.ownerA.caller.members
      .invite({ email: world.memberA.email, role: "member" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("CONFLICT");
  });

  it("a duplicate tenant slug is a conflict that suggests another", async () => {
    const error = await world.ownerB.caller.tenants
      .create({ name: "Copy", slug: world.tenantA.slug })
      .catch((caught: unknown) => caught);
    expect((error as TRPCError).code).toBe("CONFLICT");
  });

  it("a user can switch only to tenants they belong to", async () => {
    await expect(world.ownerB.caller.tenants.setActive({ tenantId: world.tenantA.id })).rejects.toMatchObject(
      { code: "NOT_FOUND" },
    );
    await expect(world.ownerA.caller.tenants.setActive({ tenantId: world.tenantA.id })).resolves.toEqual({
      tenantId: world.tenantA.id,
    });
  });

  it("the owner changes a member's role and members cannot", async () => {
    await expect(
      world.memberA.caller.members.updateRole({ memberId: world.memberRecordA.id, role: "admin" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await world.ownerA.caller.members.updateRole({ memberId: world.memberRecordA.id, role: "admin" });
    expect((await world.memberA.caller.tenants.current()).role).toBe("admin");
    await world.ownerA.caller.members.updateRole({ memberId: world.memberRecordA.id, role: "member" });
  });
});
