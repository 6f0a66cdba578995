import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements, memberAc, ownerAc } from "better-auth/plugins/organization/access";

/** Tenant roles: owners and admins manage the tenant and its API keys; members read. */
const statements = { ...defaultStatements, apiKey: ["create", "read", "update", "delete"] } as const;

export const accessControl = createAccessControl(statements);
export const tenantRoles = {
  owner: accessControl.newRole({ ...ownerAc.statements, apiKey: ["create", "read", "update", "delete"] }),
  admin: accessControl.newRole({ ...adminAc.statements, apiKey: ["create", "read", "update", "delete"] }),
  member: accessControl.newRole({ ...memberAc.statements, apiKey: ["read"] }),
};
