import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { integrationSettingsInput } from "@/lib/schemas/integration";
import { isUniqueViolation } from "@/server/db/errors";
import { integrations, type TestResult } from "@/server/db/schema";
import type { Credentials } from "@/server/providers/gateways/base";
import { credentialFieldsOf } from "@/server/providers/registry";
import type { ProviderDefinition } from "@/server/providers/types";
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

/** Writes one change to the tenant's integration, audits it, and returns the safe view. */
async function applyChange(
  ctx: TenantRequestContext,
  row: IntegrationRow,
  changes: Partial<typeof integrations.$inferInsert>,
  action: string,
  metadata?: Record<string, unknown>,
) {
  const [updated] = await ctx.db
    .update(integrations)
    .set(changes)
    .where(and(eq(integrations.id, row.id), eq(integrations.tenantId, ctx.tenantId)))
    .returning();
  if (!updated) throw new AppError("NOT_FOUND", "Integration not found");
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actor: ctx.actor,
    action,
    targetType: "integration",
    targetId: row.id,
    ip: ctx.ip,
    metadata,
  });
  return toIntegrationView(updated);
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
  return applyChange(
    ctx,
    row,
    {
      lastTestAt: new Date(),
      lastTestResult: result,
      status: result.ok ? "active" : "error",
      statusReason: result.ok ? null : result.message,
    },
    "integration.tested",
    { ok: result.ok },
  );
}

/** A field sent empty (or not at all) keeps its stored value: secrets are never shown back to be re-typed. */
function mergeCredentials(row: IntegrationRow, changes: Record<string, unknown>) {
  const given = Object.entries(changes).filter(
    ([, value]) =>
      value !== undefined && value !== null && !(typeof value === "string" && value.trim() === ""),
  );
  const stored = row.credentials ? credentialsOf(row) : {};
  return { stored, merged: { ...stored, ...Object.fromEntries(given) }, changed: given.map(([key]) => key) };
}

/**
 * Kept secrets are never sent somewhere new: when a non-secret field changes (a host, port, endpoint
 * or account), every stored secret must be entered again, or a tenant key could point the stored
 * password at a server of its choosing and have validation hand it over.
 */
function requireSecretsWhenMoved(
  provider: ProviderDefinition,
  stored: Record<string, unknown>,
  merged: Record<string, unknown>,
  changed: string[],
) {
  const fields = credentialFieldsOf(provider);
  const moved = changed.filter(
    (key) => !fields.find((field) => field.key === key)?.secret && stored[key] !== merged[key],
  );
  if (moved.length === 0) return;
  const kept = fields.filter(
    (field) => field.secret && stored[field.key] !== undefined && !changed.includes(field.key),
  );
  if (kept.length === 0) return;
  throw new AppError(
    "BAD_REQUEST",
    `Changing ${moved.join(", ")} needs ${kept.map((field) => field.label).join(", ")} entered again`,
    {
      details: kept.map((field) => ({
        field: `credentials.${field.key}`,
        reason: "required when other settings change",
        suggestion: "Stored secrets are only reused with the settings they were entered with",
      })),
    },
  );
}

/**
 * Changes some or all credentials (fields left out or empty keep their stored value), validates the
 * result against the provider before storing it, and keeps the integration's id (and webhook URL).
 */
export async function updateCredentials(
  ctx: TenantRequestContext,
  input: z.infer<typeof updateCredentialsInput>,
) {
  const row = await requireIntegration(ctx.db, ctx.tenantId, input.integrationId);
  const provider = providerOf(row.providerId);
  if (provider.authMode === "oauth2") {
    throw new AppError("CONFLICT", `${provider.displayName} connects with OAuth; use Reconnect instead`);
  }
  const { stored, merged, changed } = mergeCredentials(row, input.credentials);
  const known = new Set(credentialFieldsOf(provider).map((field) => field.key));
  const unknown = changed.filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new AppError("BAD_REQUEST", `${provider.displayName} has no credential ${unknown.join(", ")}`, {
      details: unknown.map((key) => ({ field: `credentials.${key}`, reason: "unknown field" })),
    });
  }
  if (changed.length === 0) {
    throw new AppError("BAD_REQUEST", "Enter at least one credential to change", {
      details: [
        { field: "credentials", reason: "empty", suggestion: "Fields left blank keep their stored value" },
      ],
    });
  }
  requireSecretsWhenMoved(provider, stored, merged, changed);
  const credentials = parseCredentials(provider, merged);
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
  return applyChange(
    ctx,
    row,
    {
      credentials: sealJson(credentials, bindOf(row)),
      credentialHints: credentialHints(provider, credentials),
      status: "active",
      statusReason: null,
      lastTestAt: new Date(),
      lastTestResult: result,
    },
    "integration.credentials_updated",
    { fields: changed },
  );
}

export async function renameIntegration(ctx: TenantRequestContext, input: z.infer<typeof renameInput>) {
  const row = await requireIntegration(ctx.db, ctx.tenantId, input.integrationId);
  try {
    return await applyChange(ctx, row, { name: input.name }, "integration.renamed", {
      from: row.name,
      to: input.name,
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("CONFLICT", "Another integration already has this name", {
        details: [{ field: "name", reason: "already used" }],
      });
    throw error;
  }
}

/** Merges settings (e.g. the reconcile schedule) into the integration's non-secret settings. */
export async function updateSettings(
  ctx: TenantRequestContext,
  integrationId: string,
  settings: z.infer<typeof integrationSettingsInput>,
) {
  const row = await requireIntegration(ctx.db, ctx.tenantId, integrationId);
  return applyChange(
    ctx,
    row,
    { settings: { ...row.settings, ...settings } },
    "integration.settings_changed",
    settings,
  );
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
  return applyChange(
    ctx,
    row,
    {
      credentials: null,
      webhookSecret: null,
      status: "inactive",
      statusReason: "Disconnected",
      disconnectedAt: new Date(),
    },
    "integration.disconnected",
    { revokedAtProvider: revoked },
  );
}
