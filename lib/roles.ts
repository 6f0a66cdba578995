export const tenantRoleNames = ["owner", "admin", "member"] as const;
export type TenantRole = (typeof tenantRoleNames)[number];
/** Owners and admins manage a tenant; members only read. */
export const isTenantManager = (role: TenantRole) => role === "owner" || role === "admin";
