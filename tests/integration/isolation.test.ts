import { beforeAll, describe, expect, it } from "vitest";
import { callPath, codeOf, procedureFixtures, procedurePaths } from "../helpers/procedures";
import { callerFor, createWorld, type World } from "../helpers/world";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

const paths = procedurePaths();
const fixtureOf = (path: string) => {
  const fixture = procedureFixtures[path];
  if (!fixture) throw new Error(`no access fixture for ${path}`);
  return fixture;
};
const inputOf = (path: string) => fixtureOf(path).input?.(world);

describe("tenant isolation over every procedure", () => {
  it("every procedure of the router declares its access", () => {
    expect(paths.filter((path) => !procedureFixtures[path])).toEqual([]);
    expect(Object.keys(procedureFixtures).filter((path) => !paths.includes(path))).toEqual([]);
  });

  it.each(paths.filter((path) => fixtureOf(path).access !== "public"))(
    "%s refuses anonymous callers",
    async (path) => {
      expect(codeOf(await callPath(world.anonymous, path, inputOf(path)))).toBe("UNAUTHORIZED");
    },
  );

  it.each(paths.filter((path) => ["tenantAdmin", "tenantUserAdmin"].includes(fixtureOf(path).access)))(
    "%s is forbidden to a plain member",
    async (path) => {
      expect(codeOf(await callPath(world.memberA.caller, path, inputOf(path)))).toBe("FORBIDDEN");
    },
  );

  it.each(paths.filter((path) => fixtureOf(path).access === "platformAdmin"))(
    "%s is forbidden to a tenant owner",
    async (path) => {
      expect(codeOf(await callPath(world.ownerA.caller, path, inputOf(path)))).toBe("FORBIDDEN");
    },
  );

  it.each(paths)("%s never reaches tenant A's data as tenant B's owner", async (path) => {
    const result = await callPath(world.ownerB.caller, path, inputOf(path));
    if (result.ok) {
      const seen = JSON.stringify(result.value) ?? "";
      for (const secret of world.secretsOfA) expect(seen).not.toContain(secret);
    } else {
      // CONFLICT and BAD_REQUEST come from B's own data or input (e.g. the same account twice, an unknown OAuth state).
      expect(["NOT_FOUND", "FORBIDDEN", "CONFLICT", "BAD_REQUEST"]).toContain(codeOf(result));
      const error = result.error as { message?: string; cause?: { details?: unknown } };
      const told = `${error.message ?? ""} ${JSON.stringify(error.cause?.details ?? [])}`;
      for (const secret of world.secretsOfA) expect(told).not.toContain(secret);
    }
  });

  it.each(
    paths.filter((path) => ["user", "tenantUserAdmin", "platformAdmin"].includes(fixtureOf(path).access)),
  )("%s needs a signed-in user, not an API key", async (path) => {
    const viaKey = await callerFor(new Headers({ authorization: `Bearer ${world.apiKeyA.key}` }));
    expect(codeOf(await callPath(viaKey, path, inputOf(path)))).toBe("FORBIDDEN");
  });

  it("an API key acts only inside its own tenant", async () => {
    const viaKey = await callerFor(new Headers({ "x-api-key": world.apiKeyA.key }));
    expect((await viaKey.tenants.current()).id).toBe(world.tenantA.id);
    const customers = await viaKey.customers.list({ limit: 50, offset: 0 });
    expect(customers.items.map((customer) => customer.id)).toContain(world.customerA.id);
  });

  it("a wrong API key is unauthorized", async () => {
    const viaKey = await callerFor(new Headers({ "x-api-key": "pb_not_a_real_key" }));
    await expect(viaKey.tenants.current()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
