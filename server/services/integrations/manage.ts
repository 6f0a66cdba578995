import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/server/db/errors";
import { integrations, type TestResult } from "@/server/db/schema";
import type { Credentials } from "@/server/providers/gateways/base";
import { openJson, sealJson } from "@/server/vault/envelope";
import { credentialsPurpose } from "@/server/vault/purposes";
import { recordAudit } from "../audit/audit";
import type { TenantContext, TenantRequestContext } from "../context";
import { revokeOAuthGrant, testOAuthGrant } from "../oauth/lifecycle";
import { credentialHints } from "./hints";
import { gatewayFor, parseCredentials, testResultOf, validateWithProvider } from "./validate";
import { type IntegrationRow, providerOf, requireIntegration, toIntegrationView } from "./views";

export const integrationIdInput = z.object({ integrationId: z.uuid() });
export const renameInput = integrationIdInput.extend({ name: z.string().trim().min(1).max(80) });
export const updateCredentialsInput = integrationIdInput.extend({
  credentials: z.record(z.string(), z.unknown()),
});

const bindOf = (row: IntegrationRow) => ({
  tenantId: row.tenantId,
  rowId: row.id,
  purpose: credentialsPurpose,
});

/** The decrypted credentials of one integration; only gateways ever see them. */
export function credentialsOf(row: IntegrationRow): Credentials {
  if (!row.credentials)
    throw new AppError("CONFLICT", "This integration has no stored credentials; connect it again");
  return openJson<Credentials>(row.credentials, bindOf(row));
}

export async function listIntegrations(ctx: TenantContext) {
  const rows = await ctx.db
    .select()
    .from(integrations)
    .where(and(eq(integrations.tenantId, ctx.tenantId), isNull(integrations.disconnectedAt)))
    .orderBy(asc(integrations.providerId), asc(integrations.name));
  return rows.map(toIntegrationView);
}

export async function getIntegration(ctx: TenantContext, integrationId: string) {
  return toIntegrationView(await requireIntegration(ctx.db, ctx.tenantId, integrationId));
}

/** Re-runs the provider validation with the stored credentials and records the outcome. */
export async function testIntegration(ctx: TenantRequestContext, integrationId: string) {
  const row = await requireIntegration(ctx.db, ctx.tenantId, integrationId);
  const provider = providerOf(row.providerId);
  let result: TestResult;
  try {
    result =
      provider.authMode === "oauth2"
        ? await testOAuthGrant(ctx.db, row)
        : (await validateWithProvider(ctx, provider, credentialsOf(row))).result;
  } catch (error) {
    result = testResultOf(error) ?? {
      ok: false,
      message: error instanceof Error ? error.message : "failed",
      durationMs: 0,
    };
  }
  const [updated] = await ctx.db
    .update(integrations)
    .set({
      lastTestAt: new Date(),
      lastTestResult: result,
      status: result.ok ? "active" : "error",
      statusReason: result.ok ? null : result.message,
    })
    .where(and(eq(integrations.id, row.id), eq(integrations.tenantId, ctx.tenantId)))
    .returning();
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actor: ctx.actor,
    action: "integration.tested",
    targetType: "integration",
    targetId: row.id,
    ip: ctx.ip,
    metadata: { ok: result.ok },
  });
  if (!updated) throw new AppError("NOT_FOUND", "Integration not found");
  return toIntegrationView(updated);
}

/** Replaces the credentials after validating the new ones against the provider. */
export async function updateCredentials(
  ctx: TenantRequestContext,
  input: z.infer<typeof updateCredentialsInput>,
) {
  const row = await requireIntegration(ctx.db, ctx.tenantId, input.integrationId);
  const provider = providerOf(row.providerId);
  const credentials = parseCredentials(provider, input.credentials);
  const { identity, result } = await validateWithProvider(ctx, provider, credentials);
  if (row.externalAccountId && identity.accountId !== row.externalAccountId) {
    throw new AppError(
      "CONFLICT",
      `These credentials belong to another ${provider.displayName} account (${identity.accountId})`,
      {
        details: [
          { reason: "account changed", suggestion: "Connect the other account as a new integration" },
        ],
      },
    );
  }
  const [updated] = await ctx.db
    .update(integrations)
    .set({
      credentials: sealJson(credentials, bindOf(row)),
      credentialHints: credentialHints(provider, credentials),
      status: "active",
      statusReason: null,
      lastTestAt: new Date(),
      lastTestResult: result,
    })
    .where(and(eq(integrations.id, row.id), eq(integrations.tenantId, ctx.tenantId)))
    .returning();
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actor: ctx.actor,
    action: "integration.credentials_updated",
    targetType: "integration",
    targetId: row.id,
    ip: ctx.ip,
  });
  if (!updated) throw new AppError("NOT_FOUND", "Integration not found");
  return toIntegrationView(updated);
}

export async function renameIntegration(ctx: TenantRequestContext, input: z.infer<typeof renameInput>) {
  const row = await requireIntegration(ctx.db, ctx.tenantId, input.integrationId);
  try {
    const [updated] = await ctx.db
      .update(integrations)
      .set({ name: input.name })
      .where(and(eq(integrations.id, row.id), eq(integrations.tenantId, ctx.tenantId)))
      .returning();
    await recordAudit(ctx.db, {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: "integration.renamed",
      targetType: "integration",
      targetId: row.id,
      ip: ctx.ip,
      metadata: { from: row.name, to: input.name },
    });
    if (!updated) throw new AppError("NOT_FOUND", "Integration not found");
    return toIntegrationView(updated);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("CONFLICT", "Another integration already has this name", {
        details: [{ field: "name", reason: "already used" }],
      });
    throw error;
  }
}

/** Revokes at the provider where it can, then deletes the secrets; history, links and invoices stay. */
export async function disconnectIntegration(ctx: TenantRequestContext, integrationId: string) {
  const row = await requireIntegration(ctx.db, ctx.tenantId, integrationId);
  const provider = providerOf(row.providerId);
  const revocation = async (): Promise<boolean> => {
    if (!row.credentials) return false;
    if (provider.authMode === "oauth2") return revokeOAuthGrant(provider, row);
    const gateway = gatewayFor(ctx, provider, credentialsOf(row));
    if (!gateway.revoke) return false;
    await gateway.revoke();
    return true;
  };
  const revoked = await revocation().catch((error: unknown) => {
    ctx.log.warn(
      { err: error, integrationId },
      "revocation at the provider failed; credentials deleted anyway",
    );
    return "failed" as const;
  });
  const [updated] = await ctx.db
    .update(integrations)
    .set({
      credentials: null,
      webhookSecret: null,
      status: "inactive",
      statusReason: "Disconnected",
      disconnectedAt: new Date(),
    })
    .where(and(eq(integrations.id, row.id), eq(integrations.tenantId, ctx.tenantId)))
    .returning();
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actor: ctx.actor,
    action: "integration.disconnected",
    targetType: "integration",
    targetId: row.id,
    ip: ctx.ip,
    metadata: { revokedAtProvider: revoked },
  });
  if (!updated) throw new AppError("NOT_FOUND", "Integration not found");
  return toIntegrationView(updated);
}
