import type { Actor } from "@/server/api/trpc";
import type { Auth } from "@/server/auth";
import type { Db } from "@/server/db/client";

/** What every tenant-scoped service function receives: the database, the tenant and who acts. */
export type TenantContext = { db: Db; tenantId: string; actor: Actor };
/** Services that go through better-auth on behalf of the signed-in user need its request headers. */
export type UserContext = { db: Db; auth: Auth; headers: Headers; userId: string };
