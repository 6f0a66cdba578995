import { and, eq, isNull } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { integrations, providerCapabilities } from "@/server/db/schema";
import type { TenantContext, TenantRequestContext } from "../context";
import { disconnectIntegration } from "./manage";
import { providerOf, requireIntegration, toIntegrationView } from "./views";

async function connectedOf(ctx: TenantContext, providerId: string) {
  providerOf(providerId);
  return ctx.db
    .select()
    .from(integrations)
    .where(
      and(
        eq(integrations.tenantId, ctx.tenantId),
        eq(integrations.providerId, providerId),
        isNull(integrations.disconnectedAt),
      ),
    );
}

/** This tenant's connected integrations of one provider. */
export async function providerStatus(ctx: TenantContext, providerId: string) {
  return (await connectedOf(ctx, providerId)).map(toIntegrationView);
}

/** Disconnects the provider when the tenant has exactly one instance of it. */
export async function disconnectProvider(ctx: TenantRequestContext, providerId: string) {
  const rows = await connectedOf(ctx, providerId);
  const [only] = rows;
  if (!only)
    throw new AppError("NOT_FOUND", `No ${providerOf(providerId).displayName} integration is connected`);
  if (rows.length > 1) {
    throw new AppError(
      "CONFLICT",
      `${rows.length} ${providerOf(providerId).displayName} integrations are connected`,
      {
        details: rows.map((row) => ({
          reason: `${row.name} (${row.id})`,
          suggestion: `DELETE /api/v1/integrations/${row.id}`,
        })),
      },
    );
  }
  return disconnectIntegration(ctx, only.id);
}

/** The capabilities the integration's provider declares (as platform admins left them). */
export async function integrationCapabilities(ctx: TenantContext, integrationId: string) {
  const row = await requireIntegration(ctx.db, ctx.tenantId, integrationId);
  const rows = await ctx.db
    .select()
    .from(providerCapabilities)
    .where(eq(providerCapabilities.providerId, row.providerId));
  return rows.map(({ code, description, parameters, enabled }) => ({
    code,
    description,
    parameters,
    enabled,
  }));
}
