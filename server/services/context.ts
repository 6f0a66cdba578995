import type { Logger } from "pino";
import type { Auth } from "@/server/auth";
import type { Db } from "@/server/db/client";

/** Who is calling: a signed-in user, or a tenant API key (REST integrators). */
export type Actor =
  | { type: "user"; userId: string; email: string; emailVerified: boolean; isPlatformAdmin: boolean }
  | { type: "apiKey"; keyId: string; tenantId: string; isPlatformAdmin: boolean };

/** Scheduled work acting for the platform itself (health checks, reconciliation). */
export type SystemActor = { type: "system"; label: string; isPlatformAdmin: false };

/** What every tenant-scoped service function receives: the database, the tenant and who acts. */
export type TenantContext = { db: Db; tenantId: string; actor: Actor | SystemActor };
/** Tenant services that call providers or write the audit log also get the request's ip and logger. */
export type TenantRequestContext = TenantContext & { ip: string | null; log: Logger };
/** Services that go through better-auth on behalf of the signed-in user need its request headers. */
export type UserContext = { db: Db; auth: Auth; headers: Headers; userId: string };
