import { count, desc, eq } from "drizzle-orm";
import type { Db } from "@/server/db/client";
import { member, organization, user } from "@/server/db/schema";

/** Platform-admin report: every tenant with its member count (the one cross-tenant query). */
export async function listAllTenants(db: Db) {
  return db
    .select({
      id: organization.id,
      name: organization.name,
      slug: organization.slug,
      createdAt: organization.createdAt,
      members: count(member.id),
    })
    .from(organization)
    .leftJoin(member, eq(member.organizationId, organization.id))
    .groupBy(organization.id)
    .orderBy(desc(organization.createdAt));
}

export async function platformStats(db: Db) {
  const [[tenants], [users]] = await Promise.all([
    db.select({ value: count() }).from(organization),
    db.select({ value: count() }).from(user),
  ]);
  return { tenants: tenants?.value ?? 0, users: users?.value ?? 0 };
}
