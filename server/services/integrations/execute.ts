import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { providerCapabilities } from "@/server/db/schema";
import { ProviderError, providerErrorToAppError } from "@/server/providers/errors";
import type { CapabilityCode } from "@/server/providers/types";
import { capabilityCodes } from "@/server/providers/types";
import { recordAudit } from "../audit/audit";
import type { TenantRequestContext } from "../context";
import { credentialsOf, testIntegration } from "./manage";
import { gatewayFor } from "./validate";
import { providerOf, requireIntegration } from "./views";

export const executeInput = z.object({
  integrationId: z.uuid(),
  capability_code: z.enum(capabilityCodes),
  parameters: z.record(z.string(), z.unknown()).default({}),
});

const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
const validators = new Map<string, ValidateFunction>();

/** Checks parameters against the capability's JSON Schema (as platform admins left it); 400 per field otherwise. */
export function validateParameters(
  cacheKey: string,
  schema: Record<string, unknown>,
  parameters: Record<string, unknown>,
) {
  let validate = validators.get(cacheKey);
  if (!validate || validate.schema !== schema) {
    validate = ajv.compile(schema);
    validators.set(cacheKey, validate);
  }
  if (!validate(parameters)) {
    throw new AppError("BAD_REQUEST", "The parameters do not match the capability's schema", {
      details: (validate.errors ?? []).map((error) => ({
        field: [
          "parameters",
          ...error.instancePath.split("/").filter(Boolean),
          ...(error.params && "missingProperty" in error.params
            ? [String(error.params.missingProperty)]
            : []),
        ].join("."),
        reason: error.message ?? "invalid",
      })),
    });
  }
}

/** Runs one declared capability of an integration through its gateway. */
export async function executeCapability(ctx: TenantRequestContext, input: z.infer<typeof executeInput>) {
  const row = await requireIntegration(ctx.db, ctx.tenantId, input.integrationId);
  const provider = providerOf(row.providerId);
  const code: CapabilityCode = input.capability_code;
  const [capability] = await ctx.db
    .select()
    .from(providerCapabilities)
    .where(and(eq(providerCapabilities.providerId, provider.id), eq(providerCapabilities.code, code)))
    .limit(1);
  if (!capability?.enabled)
    throw new AppError("NOT_FOUND", `${provider.displayName} has no capability ${code}`);
  validateParameters(`${provider.id}:${code}`, capability.parameters, input.parameters);
  if (row.status !== "active")
    throw new AppError("CONFLICT", `The integration is ${row.status}: test or reconnect it first`);
  if (code === "VALIDATE_CREDENTIALS") {
    const tested = await testIntegration(ctx, row.id);
    return { capability: code, result: tested.lastTestResult };
  }
  const handler = gatewayFor(ctx, provider, credentialsOf(row)).capabilities?.[code];
  if (!handler)
    throw new AppError(
      "BAD_REQUEST",
      `${code} for ${provider.displayName} is declared but not available in this version yet`,
    );
  try {
    const result = await handler(input.parameters);
    await recordAudit(ctx.db, {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: "integration.executed",
      targetType: "integration",
      targetId: row.id,
      ip: ctx.ip,
      metadata: { capability: code },
    });
    return { capability: code, result };
  } catch (error) {
    if (error instanceof ProviderError) throw providerErrorToAppError(provider.displayName, error);
    throw error;
  }
}
