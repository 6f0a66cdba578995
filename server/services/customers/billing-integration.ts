import { and, count, eq } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { entityIntegrationLinks, invoiceSyncs } from "@/server/db/schema";
import type { TenantRequestContext } from "../context";
import { connectIntegration } from "../integrations/connect";
import { linkEntity, resolveIntegration } from "../integrations/links";
import { testIntegration, updateCredentials } from "../integrations/manage";
import { requireIntegration, toIntegrationView } from "../integrations/views";
import { getCustomer } from "./customers";

/**
 * A customer's billing integration (the customer-billing endpoints of the REST surface): the
 * integration their invoices go to, which is their own default for `invoicing` or else the tenant's.
 */

export const setupBillingInput = z
  .object({
    customerId: z.uuid(),
    /** Use an integration the tenant already connected… */
    integrationId: z.uuid().optional(),
    /** …or connect a new one (API-key providers) and use it. */
    provider: z.string().min(1).max(40).optional(),
    name: z.string().trim().min(1).max(80).optional(),
    credentials: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((input) => Boolean(input.integrationId) !== Boolean(input.provider && input.credentials), {
    message: "Send either integrationId, or provider with credentials",
    path: ["integrationId"],
  });

async function ownDefaultOf(ctx: TenantRequestContext, customerId: string) {
  const [link] = await ctx.db
    .select({ integrationId: entityIntegrationLinks.integrationId })
    .from(entityIntegrationLinks)
    .where(
      and(
        eq(entityIntegrationLinks.tenantId, ctx.tenantId),
        eq(entityIntegrationLinks.entityType, "customer"),
        eq(entityIntegrationLinks.entityId, customerId),
        eq(entityIntegrationLinks.purpose, "invoicing"),
        eq(entityIntegrationLinks.isDefault, true),
      ),
    );
  return link?.integrationId ?? null;
}

/** Which integration the customer's new invoices go to, where that choice comes from, and their sync counts. */
export async function billingIntegrationStatus(ctx: TenantRequestContext, customerId: string) {
  await getCustomer(ctx, customerId);
  const own = await ownDefaultOf(ctx, customerId);
  const resolved = await resolveIntegration(ctx.db, ctx.tenantId, "invoicing", [
    { entityType: "customer", entityId: customerId },
  ]);
  const counts = resolved
    ? await ctx.db
        .select({ status: invoiceSyncs.status, value: count() })
        .from(invoiceSyncs)
        .where(and(eq(invoiceSyncs.tenantId, ctx.tenantId), eq(invoiceSyncs.integrationId, resolved.id)))
        .groupBy(invoiceSyncs.status)
    : [];
  return {
    customerId,
    source: resolved ? (own === resolved.id ? ("customer" as const) : ("tenant" as const)) : null,
    integration: resolved ? toIntegrationView(resolved) : null,
    syncCounts: Object.fromEntries(counts.map((row) => [row.status, row.value])),
  };
}

/** Makes an integration (existing, or connected now) the customer's default for invoicing. */
export async function setupBillingIntegration(
  ctx: TenantRequestContext,
  input: z.infer<typeof setupBillingInput>,
) {
  await getCustomer(ctx, input.customerId);
  let integrationId = input.integrationId;
  let webhook: { url: string; secret: string | null } | null = null;
  if (!integrationId) {
    const connected = await connectIntegration(ctx, {
      providerId: input.provider ?? "",
      name: input.name,
      credentials: input.credentials ?? {},
    });
    integrationId = connected.integration.id;
    webhook = connected.webhook;
  } else {
    const row = await requireIntegration(ctx.db, ctx.tenantId, integrationId);
    if (row.status !== "active")
      throw new AppError("CONFLICT", `The integration is ${row.status}: test or reconnect it first`);
  }
  await linkEntity(ctx, {
    entityType: "customer",
    entityId: input.customerId,
    integrationId,
    purpose: "invoicing",
    isDefault: true,
  });
  // A newly connected integration's webhook signing secret (Standard Webhooks) is shown this once.
  return { ...(await billingIntegrationStatus(ctx, input.customerId)), webhook };
}

async function requireOwnIntegration(ctx: TenantRequestContext, customerId: string) {
  await getCustomer(ctx, customerId);
  const own = await ownDefaultOf(ctx, customerId);
  if (!own)
    throw new AppError("NOT_FOUND", "This customer has no billing integration of its own", {
      details: [
        {
          reason: "invoices use the tenant's default integration",
          suggestion: "Set one up with POST /customers/{customerId}/billing-integration/setup",
        },
      ],
    });
  return own;
}

export async function updateBillingCredentials(
  ctx: TenantRequestContext,
  input: { customerId: string; credentials: Record<string, unknown> },
) {
  const integrationId = await requireOwnIntegration(ctx, input.customerId);
  await updateCredentials(ctx, { integrationId, credentials: input.credentials });
  return billingIntegrationStatus(ctx, input.customerId);
}

export async function testBillingIntegration(ctx: TenantRequestContext, customerId: string) {
  const status = await billingIntegrationStatus(ctx, customerId);
  if (!status.integration) throw new AppError("NOT_FOUND", "No invoicing integration serves this customer");
  await testIntegration(ctx, status.integration.id);
  return billingIntegrationStatus(ctx, customerId);
}

/** Removes the customer's own default; new invoices fall back to the tenant's (old ones stay where they went). */
export async function removeBillingIntegration(ctx: TenantRequestContext, customerId: string) {
  const integrationId = await requireOwnIntegration(ctx, customerId);
  await ctx.db
    .delete(entityIntegrationLinks)
    .where(
      and(
        eq(entityIntegrationLinks.tenantId, ctx.tenantId),
        eq(entityIntegrationLinks.entityType, "customer"),
        eq(entityIntegrationLinks.entityId, customerId),
        eq(entityIntegrationLinks.integrationId, integrationId),
        eq(entityIntegrationLinks.purpose, "invoicing"),
      ),
    );
  return billingIntegrationStatus(ctx, customerId);
}
