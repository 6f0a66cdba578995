import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { Db } from "@/server/db/client";
import {
  customers,
  entityIntegrationLinks,
  entityTypes,
  integrations,
  linkPurposes,
} from "@/server/db/schema";
import { recordAudit } from "../audit/audit";
import type { TenantContext, TenantRequestContext } from "../context";
import { requireIntegration, toIntegrationView } from "./views";

export const entityRef = z.object({ entityType: z.enum(entityTypes), entityId: z.string().min(1).max(200) });
export const linkInput = entityRef.extend({
  integrationId: z.uuid(),
  purpose: z.enum(linkPurposes),
  isDefault: z.boolean().default(true),
});
export const unlinkInput = entityRef.extend({
  integrationId: z.uuid(),
  purpose: z.enum(linkPurposes).optional(),
});
type EntityRef = z.infer<typeof entityRef>;

/** The entity must exist in this tenant: the tenant itself, or one of its customers (products and subscriptions by id). */
async function requireEntity(ctx: TenantContext, ref: EntityRef) {
  if (ref.entityType === "tenant" && ref.entityId !== ctx.tenantId)
    throw new AppError("NOT_FOUND", "Tenant not found");
  if (ref.entityType === "customer") {
    const parsed = z.uuid().safeParse(ref.entityId);
    const [found] = parsed.success
      ? await ctx.db
          .select({ id: customers.id })
          .from(customers)
          .where(and(eq(customers.id, parsed.data), eq(customers.tenantId, ctx.tenantId)))
          .limit(1)
      : [];
    if (!found) throw new AppError("NOT_FOUND", "Customer not found");
  }
}

/** Links an integration to an entity for a purpose; a default replaces the previous default. */
export async function linkEntity(ctx: TenantRequestContext, input: z.infer<typeof linkInput>) {
  await requireEntity(ctx, input);
  await requireIntegration(ctx.db, ctx.tenantId, input.integrationId);
  const link = await ctx.db.transaction(async (tx) => {
    const where = and(
      eq(entityIntegrationLinks.tenantId, ctx.tenantId),
      eq(entityIntegrationLinks.entityType, input.entityType),
      eq(entityIntegrationLinks.entityId, input.entityId),
      eq(entityIntegrationLinks.purpose, input.purpose),
    );
    if (input.isDefault)
      await tx
        .update(entityIntegrationLinks)
        .set({ isDefault: false })
        .where(and(where, eq(entityIntegrationLinks.isDefault, true)));
    const [row] = await tx
      .insert(entityIntegrationLinks)
      .values({ ...input, tenantId: ctx.tenantId })
      .onConflictDoUpdate({
        target: [
          entityIntegrationLinks.tenantId,
          entityIntegrationLinks.entityType,
          entityIntegrationLinks.entityId,
          entityIntegrationLinks.purpose,
          entityIntegrationLinks.integrationId,
        ],
        set: { isDefault: input.isDefault },
      })
      .returning();
    return row;
  });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actor: ctx.actor,
    action: "integration.linked",
    targetType: "integration",
    targetId: input.integrationId,
    ip: ctx.ip,
    metadata: {
      entityType: input.entityType,
      entityId: input.entityId,
      purpose: input.purpose,
      isDefault: input.isDefault,
    },
  });
  return link;
}

export async function listLinks(ctx: TenantContext, ref: EntityRef) {
  await requireEntity(ctx, ref);
  const rows = await ctx.db
    .select({ link: entityIntegrationLinks, integration: integrations })
    .from(entityIntegrationLinks)
    .innerJoin(
      integrations,
      and(
        eq(integrations.id, entityIntegrationLinks.integrationId),
        eq(integrations.tenantId, entityIntegrationLinks.tenantId),
      ),
    )
    .where(
      and(
        eq(entityIntegrationLinks.tenantId, ctx.tenantId),
        eq(entityIntegrationLinks.entityType, ref.entityType),
        eq(entityIntegrationLinks.entityId, ref.entityId),
      ),
    );
  return rows.map(({ link, integration }) => ({ ...link, integration: toIntegrationView(integration) }));
}

export async function unlinkEntity(ctx: TenantRequestContext, input: z.infer<typeof unlinkInput>) {
  const conditions = [
    eq(entityIntegrationLinks.tenantId, ctx.tenantId),
    eq(entityIntegrationLinks.entityType, input.entityType),
    eq(entityIntegrationLinks.entityId, input.entityId),
    eq(entityIntegrationLinks.integrationId, input.integrationId),
  ];
  if (input.purpose) conditions.push(eq(entityIntegrationLinks.purpose, input.purpose));
  const removed = await ctx.db
    .delete(entityIntegrationLinks)
    .where(and(...conditions))
    .returning({ id: entityIntegrationLinks.id });
  if (!removed.length) throw new AppError("NOT_FOUND", "Link not found");
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actor: ctx.actor,
    action: "integration.unlinked",
    targetType: "integration",
    targetId: input.integrationId,
    ip: ctx.ip,
    metadata: { entityType: input.entityType, entityId: input.entityId, purpose: input.purpose ?? "all" },
  });
  return { removed: removed.length };
}

/** Which integration serves a purpose: the entity's default, then its customer's, then the tenant's. */
export async function resolveIntegration(
  db: Db,
  tenantId: string,
  purpose: (typeof linkPurposes)[number],
  chain: EntityRef[],
) {
  for (const ref of [...chain, { entityType: "tenant" as const, entityId: tenantId }]) {
    const [row] = await db
      .select({ integration: integrations })
      .from(entityIntegrationLinks)
      .innerJoin(
        integrations,
        and(eq(integrations.id, entityIntegrationLinks.integrationId), eq(integrations.tenantId, tenantId)),
      )
      .where(
        and(
          eq(entityIntegrationLinks.tenantId, tenantId),
          eq(entityIntegrationLinks.entityType, ref.entityType),
          eq(entityIntegrationLinks.entityId, ref.entityId),
          eq(entityIntegrationLinks.purpose, purpose),
          eq(entityIntegrationLinks.isDefault, true),
          eq(integrations.status, "active"),
        ),
      )
      .limit(1);
    if (row) return row.integration;
  }
  return null;
}

/** Every entity an integration is linked to, for its detail page. */
export async function linksOfIntegration(ctx: TenantContext, integrationId: string) {
  await requireIntegration(ctx.db, ctx.tenantId, integrationId);
  const rows = await ctx.db
    .select({ link: entityIntegrationLinks, customerName: customers.name })
    .from(entityIntegrationLinks)
    .leftJoin(
      customers,
      and(
        eq(entityIntegrationLinks.entityType, "customer"),
        eq(customers.tenantId, ctx.tenantId),
        sql`${customers.id}::text = ${entityIntegrationLinks.entityId}`,
      ),
    )
    .where(
      and(
        eq(entityIntegrationLinks.tenantId, ctx.tenantId),
        eq(entityIntegrationLinks.integrationId, integrationId),
      ),
    );
  return rows.map(({ link, customerName }) => ({
    ...link,
    label: link.entityType === "tenant" ? "Whole tenant" : (customerName ?? link.entityId),
  }));
}
