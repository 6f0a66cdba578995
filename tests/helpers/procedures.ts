import { appRouter } from "@/server/api/root";
import { type Caller, unique, type World } from "./world";

export type Access = "user" | "tenant" | "tenantAdmin" | "tenantUserAdmin" | "platformAdmin";
type Fixture = { access: Access; input?: (world: World) => unknown };

/**
 * Every tRPC procedure with who may call it and an input that points at tenant A's resources.
 * The isolation test fails for any procedure missing here, so each new procedure declares its access.
 */
export const procedureFixtures: Record<string, Fixture> = {
  "tenants.mine": { access: "user" },
  "tenants.create": { access: "user", input: () => ({ name: "Probe", slug: unique("probe") }) },
  "tenants.setActive": { access: "user", input: (world) => ({ tenantId: world.tenantA.id }) },
  "tenants.current": { access: "tenant" },
  "tenants.overview": { access: "tenant" },
  "members.list": { access: "tenant" },
  "members.invite": {
    access: "tenantUserAdmin",
    input: () => ({ email: `${unique("probe")}@test.example`, role: "member" }),
  },
  "members.cancelInvitation": {
    access: "tenantUserAdmin",
    input: (world) => ({ id: world.pendingInvitationA.id }),
  },
  "members.updateRole": {
    access: "tenantUserAdmin",
    input: (world) => ({ memberId: world.memberRecordA.id, role: "admin" }),
  },
  "members.remove": { access: "tenantUserAdmin", input: (world) => ({ id: world.memberRecordA.id }) },
  "members.myInvitations": { access: "user" },
  "members.accept": { access: "user", input: (world) => ({ id: world.pendingInvitationA.id }) },
  "apiKeys.list": { access: "tenantUserAdmin" },
  "apiKeys.create": { access: "tenantUserAdmin", input: () => ({ name: "Probe key", expiresInDays: null }) },
  "apiKeys.revoke": { access: "tenantUserAdmin", input: (world) => ({ id: world.apiKeyA.id }) },
  "customers.list": { access: "tenant", input: () => ({ limit: 50, offset: 0 }) },
  "customers.create": {
    access: "tenantAdmin",
    input: () => ({ name: "Probe", email: `${unique("probe")}@test.example` }),
  },
  "invoices.list": { access: "tenant", input: () => ({ limit: 50, offset: 0 }) },
  "admin.tenants": { access: "platformAdmin" },
  "admin.stats": { access: "platformAdmin" },
};

/** Every procedure path of the app router, enumerated from the router itself. */
export const procedurePaths = () => Object.keys(appRouter._def.procedures).sort();

/** Calls a procedure by its dotted path; resolves to the result or the thrown error. */
export async function callPath(
  caller: Caller,
  path: string,
  input: unknown,
): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  const procedure = path
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  try {
    return { ok: true, value: await procedure(input) };
  } catch (error) {
    return { ok: false, error };
  }
}

export const codeOf = (result: { ok: boolean; error?: unknown }) =>
  result.ok ? "OK" : (result.error as { code?: string }).code;
