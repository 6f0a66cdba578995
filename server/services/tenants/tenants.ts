import { and, asc, count, eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { createTenantInput } from "@/lib/schemas/tenant";
import type { Db } from "@/server/db/client";
import { customers, invoices, member, organization } from "@/server/db/schema";
import type { UserContext } from "../context";

/** Tenants the user belongs to, with their role in each. */
export async function listMyTenants(db: Db, userId: string) {
  return db
    .select({ id: organization.id, name: organization.name, slug: organization.slug, role: member.role })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(eq(member.userId, userId))
    .orderBy(asc(organization.name));
}

export async function getTenant(db: Db, tenantId: string) {
  const [tenant] = await db
    .select({
      id: organization.id,
      name: organization.name,
      slug: organization.slug,
      createdAt: organization.createdAt,
    })
    .from(organization)
    .where(eq(organization.id, tenantId))
    .limit(1);
  if (!tenant) throw new AppError("NOT_FOUND", "Tenant not found");
  return tenant;
}

/** Creates a tenant owned by the user and makes it the active one. */
export async function createTenant(ctx: UserContext, input: (typeof createTenantInput)["_output"]) {
  const [taken] = await ctx.db
    .select({ id: organization.id })
    .from(organization)
    .where(eq(organization.slug, input.slug))
    .limit(1);
  if (taken) {
    throw new AppError("CONFLICT", "That tenant URL is already taken", {
      details: [
        {
          field: "slug",
          reason: "already taken",
          suggestion: `${input.slug}-${Math.floor(Math.random() * 900 + 100)}`,
        },
      ],
    });
  }
  const created = await ctx.auth.api.createOrganization({
    headers: ctx.headers,
    body: { name: input.name, slug: input.slug },
  });
  if (!created) throw new AppError("INTERNAL", "The tenant could not be created");
  return { id: created.id, name: created.name, slug: created.slug };
}

/** Switches the session's active tenant; only to a tenant the user is a member of. */
export async function setActiveTenant(ctx: UserContext, tenantId: string) {
  const [membership] = await ctx.db
    .select({ id: member.id })
    .from(member)
    .where(and(eq(member.organizationId, tenantId), eq(member.userId, ctx.userId)))
    .limit(1);
  if (!membership) throw new AppError("NOT_FOUND", "Tenant not found");
  await ctx.auth.api.setActiveOrganization({ headers: ctx.headers, body: { organizationId: tenantId } });
  return { tenantId };
}

/** Counts for the dashboard overview of one tenant. */
export async function tenantOverview(db: Db, tenantId: string) {
  const [[members], [customerCount], invoiceCounts] = await Promise.all([
    db.select({ value: count() }).from(member).where(eq(member.organizationId, tenantId)),
    db.select({ value: count() }).from(customers).where(eq(customers.tenantId, tenantId)),
    db
      .select({ status: invoices.status, value: count() })
      .from(invoices)
      .where(eq(invoices.tenantId, tenantId))
      .groupBy(invoices.status),
  ]);
  return {
    members: members?.value ?? 0,
    customers: customerCount?.value ?? 0,
    invoices: Object.fromEntries(invoiceCounts.map((row) => [row.status, row.value])) as Record<
      string,
      number
    >,
  };
}
