import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/server/db/errors";
import { integrations } from "@/server/db/schema";
import { seal, sealJson } from "@/server/vault/envelope";
import { credentialsPurpose, webhookSecretPurpose } from "@/server/vault/purposes";
import { recordAudit } from "../audit/audit";
import type { TenantRequestContext } from "../context";
import { assertConnectable } from "../providers/providers";
import { credentialHints } from "./hints";
import { newSigningSecret, parseCredentials, testResultOf, validateWithProvider } from "./validate";
import { providerOf, toIntegrationView, webhookUrlOf } from "./views";

export const connectInput = z.object({
  providerId: z.string().min(1),
  name: z.string().trim().min(1).max(80).optional(),
  credentials: z.record(z.string(), z.unknown()),
});

/**
 * Connects an API-key provider: fields checked by the provider's schema, then proven against the
 * provider; only then sealed and stored. Returns the webhook URL and its signing secret, once.
 */
export async function connectIntegration(ctx: TenantRequestContext, input: z.infer<typeof connectInput>) {
  const provider = providerOf(input.providerId);
  await assertConnectable(ctx.db, provider);
  const credentials = parseCredentials(provider, input.credentials);
  let validation: Awaited<ReturnType<typeof validateWithProvider>>;
  try {
    validation = await validateWithProvider(ctx, provider, credentials);
  } catch (error) {
    await recordAudit(ctx.db, {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: "integration.connect_failed",
      targetType: "provider",
      targetId: provider.id,
      ip: ctx.ip,
      metadata: { reason: testResultOf(error)?.message ?? (error as Error).message },
    });
    throw error;
  }
  const id = randomUUID();
  const bind = (purpose: string) => ({ tenantId: ctx.tenantId, rowId: id, purpose });
  // Only Standard Webhooks senders sign with a secret we issue; other providers issue their own.
  const webhookSecret = provider.webhook.scheme === "standard_webhooks" ? newSigningSecret() : null;
  try {
    const [row] = await ctx.db
      .insert(integrations)
      .values({
        id,
        tenantId: ctx.tenantId,
        providerId: provider.id,
        name:
          input.name ??
          (validation.identity.accountName
            ? `${provider.displayName} · ${validation.identity.accountName}`
            : provider.displayName),
        status: "active",
        credentials: sealJson(credentials, bind(credentialsPurpose)),
        credentialHints: credentialHints(provider, credentials),
        webhookSecret: webhookSecret ? seal(webhookSecret, bind(webhookSecretPurpose)) : null,
        externalAccountId: validation.identity.accountId,
        externalAccountName: validation.identity.accountName ?? null,
        lastTestAt: new Date(),
        lastTestResult: validation.result,
        createdBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
      })
      .returning();
    if (!row) throw new AppError("INTERNAL", "The integration was not stored");
    await recordAudit(ctx.db, {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: "integration.created",
      targetType: "integration",
      targetId: id,
      ip: ctx.ip,
      metadata: { provider: provider.id, externalAccountId: validation.identity.accountId },
    });
    return {
      integration: toIntegrationView(row),
      webhook: { url: webhookUrlOf(provider.id, id), secret: webhookSecret },
    };
  } catch (error) {
    if (isUniqueViolation(error, "integrations_tenant_account_uidx")) {
      throw new AppError(
        "CONFLICT",
        `This ${provider.displayName} account is already connected in this tenant`,
        {
          details: [
            {
              reason: `account ${validation.identity.accountId} is connected`,
              suggestion: "Update the existing integration instead",
            },
          ],
        },
      );
    }
    if (isUniqueViolation(error, "integrations_tenant_name_uidx")) {
      throw new AppError("CONFLICT", "Another integration already has this name", {
        details: [{ field: "name", reason: "already used" }],
      });
    }
    throw error;
  }
}
