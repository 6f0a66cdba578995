import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { AppError, detailsFromIssues } from "@/lib/errors";
import type { TestResult } from "@/server/db/schema";
import { apiBaseOf } from "@/server/providers/config";
import { ProviderError, providerErrorToAppError } from "@/server/providers/errors";
import { createGateway } from "@/server/providers/gateways";
import type { AccountIdentity, Credentials } from "@/server/providers/gateways/base";
import type { ProviderDefinition } from "@/server/providers/types";
import type { TenantRequestContext } from "../context";

/** Parses credentials with the provider's zod schema; a failure is a 400 with one detail per field. */
export function parseCredentials(provider: ProviderDefinition, input: Record<string, unknown>): Credentials {
  const prepared =
    provider.id === "custom_webhook" && !input.signingSecret
      ? { ...input, signingSecret: newSigningSecret() }
      : input;
  const parsed = (provider.credentials as z.ZodType<Credentials>).safeParse(prepared);
  if (!parsed.success) {
    throw new AppError("BAD_REQUEST", `Some ${provider.displayName} credentials are not valid`, {
      details: detailsFromIssues(
        parsed.error.issues.map((issue) => ({ ...issue, path: ["credentials", ...issue.path] })),
      ),
    });
  }
  return parsed.data;
}

/** A Standard Webhooks secret: `whsec_` + base64 of 24 random bytes. */
export const newSigningSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

export function gatewayFor(
  ctx: Pick<TenantRequestContext, "log">,
  provider: ProviderDefinition,
  credentials: Credentials,
) {
  return createGateway(provider.id, { provider, apiBase: apiBaseOf(provider), credentials, log: ctx.log });
}

/**
 * Proves the credentials with the provider's cheapest authenticated call. Logs the attempt and its
 * outcome (never the values); provider failures become the matching AppError.
 */
export async function validateWithProvider(
  ctx: Pick<TenantRequestContext, "log" | "tenantId">,
  provider: ProviderDefinition,
  credentials: Credentials,
): Promise<{ identity: AccountIdentity; result: TestResult }> {
  const started = performance.now();
  try {
    const identity = await gatewayFor(ctx, provider, credentials).validateCredentials();
    const durationMs = Math.round(performance.now() - started);
    ctx.log.info(
      { provider: provider.id, tenantId: ctx.tenantId, durationMs },
      "provider credentials validated",
    );
    return {
      identity,
      result: { ok: true, message: `Connected to ${identity.accountName ?? identity.accountId}`, durationMs },
    };
  } catch (error) {
    const durationMs = Math.round(performance.now() - started);
    const providerError =
      error instanceof ProviderError
        ? error
        : new ProviderError("unknown", "unexpected failure", { cause: error });
    ctx.log.warn(
      {
        provider: provider.id,
        tenantId: ctx.tenantId,
        durationMs,
        type: providerError.type,
        status: providerError.status,
        err: error,
      },
      "provider credentials rejected or unreachable",
    );
    throw Object.assign(providerErrorToAppError(provider.displayName, providerError), {
      testResult: { ok: false, message: providerError.message, durationMs },
    });
  }
}

/** The failed test result attached to an AppError thrown by validateWithProvider. */
export const testResultOf = (error: unknown): TestResult | null =>
  error instanceof AppError && "testResult" in error ? (error.testResult as TestResult) : null;
