import Ajv2020 from "ajv/dist/2020";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { type Db, queryRows } from "@/server/db/client";
import { providerCapabilities, providers } from "@/server/db/schema";
import { capabilityCodes, providerStatuses } from "@/server/providers/types";
import { sealedColumns } from "@/server/vault/purposes";
import { recordAudit } from "../audit/audit";
import type { Actor } from "../context";

const svgLogo = z
  .string()
  .max(20_000)
  .refine((svg) => /^\s*<svg[\s>]/.test(svg) && /<\/svg>\s*$/.test(svg), "must be one <svg> element")
  .refine(
    (svg) => !/<script|\son[a-z]+\s*=|javascript:|<foreignObject|(?:href|src)\s*=\s*["']?(?!#)/i.test(svg),
    "must not contain scripts, event handlers or external references",
  );

export const updateProviderInput = z.object({
  connection_code: z.string().min(1).max(40),
  displayName: z.string().trim().min(1).max(80).optional(),
  description: z.string().trim().min(1).max(500).optional(),
  logo: svgLogo.optional(),
  status: z.enum(providerStatuses).optional(),
});

export const capabilityInput = z.object({
  connection_code: z.string().min(1).max(40),
  capability_code: z.enum(capabilityCodes),
  description: z.string().trim().min(1).max(300),
  parameters: z.record(z.string(), z.unknown()),
  enabled: z.boolean().default(true),
});

const schemaChecker = new Ajv2020({ strict: false });
type AdminContext = { db: Db; actor: Actor; ip: string | null };

async function requireProvider(db: Db, code: string) {
  const [row] = await db.select().from(providers).where(eq(providers.id, code)).limit(1);
  if (!row) throw new AppError("NOT_FOUND", `No connection ${code}`);
  return row;
}

export async function listProviderRows(db: Db) {
  const [rows, capabilities] = await Promise.all([
    db.select().from(providers).orderBy(providers.category, providers.id),
    db.select().from(providerCapabilities),
  ]);
  return rows.map((row) => ({
    ...row,
    capabilities: capabilities.filter((capability) => capability.providerId === row.id),
  }));
}

export async function getProviderRow(db: Db, code: string) {
  const row = await requireProvider(db, code);
  const capabilities = await db
    .select()
    .from(providerCapabilities)
    .where(eq(providerCapabilities.providerId, code));
  return { ...row, capabilities };
}

/** Platform admins edit display fields and status; the start-up seed keeps their edits. */
export async function updateProvider(ctx: AdminContext, input: z.infer<typeof updateProviderInput>) {
  await requireProvider(ctx.db, input.connection_code);
  const { connection_code: id, ...changes } = input;
  await ctx.db
    .update(providers)
    .set({ ...changes, edited: true, updatedAt: new Date() })
    .where(eq(providers.id, id));
  await recordAudit(ctx.db, {
    tenantId: null,
    actor: ctx.actor,
    action: "provider.updated",
    targetType: "provider",
    targetId: id,
    ip: ctx.ip,
    metadata: { fields: Object.keys(changes) },
  });
  return getProviderRow(ctx.db, id);
}

/** Adds or replaces a capability; its parameters must be a valid JSON Schema (draft 2020-12). */
export async function upsertCapability(ctx: AdminContext, input: z.infer<typeof capabilityInput>) {
  await requireProvider(ctx.db, input.connection_code);
  if (!schemaChecker.validateSchema(input.parameters)) {
    throw new AppError("BAD_REQUEST", "parameters is not a valid JSON Schema", {
      details: (schemaChecker.errors ?? []).map((error) => ({
        field: `parameters${error.instancePath.replaceAll("/", ".")}`,
        reason: error.message ?? "invalid",
      })),
    });
  }
  const values = {
    providerId: input.connection_code,
    code: input.capability_code,
    description: input.description,
    parameters: input.parameters,
    enabled: input.enabled,
    edited: true,
    updatedAt: new Date(),
  };
  await ctx.db
    .insert(providerCapabilities)
    .values(values)
    .onConflictDoUpdate({
      target: [providerCapabilities.providerId, providerCapabilities.code],
      set: values,
    });
  await recordAudit(ctx.db, {
    tenantId: null,
    actor: ctx.actor,
    action: "provider.capability_saved",
    targetType: "provider",
    targetId: input.connection_code,
    ip: ctx.ip,
    metadata: { capability: input.capability_code, enabled: input.enabled },
  });
  return getProviderRow(ctx.db, input.connection_code);
}

/** Removing a capability disables it (the code still declares it, so the seed would bring it back). */
export async function disableCapability(ctx: AdminContext, code: string, capability: string) {
  const updated = await ctx.db
    .update(providerCapabilities)
    .set({ enabled: false, edited: true, updatedAt: new Date() })
    .where(and(eq(providerCapabilities.providerId, code), eq(providerCapabilities.code, capability)))
    .returning({ code: providerCapabilities.code });
  if (!updated.length) throw new AppError("NOT_FOUND", `No capability ${capability} on ${code}`);
  await recordAudit(ctx.db, {
    tenantId: null,
    actor: ctx.actor,
    action: "provider.capability_disabled",
    targetType: "provider",
    targetId: code,
    ip: ctx.ip,
    metadata: { capability },
  });
  return getProviderRow(ctx.db, code);
}

/** How many sealed values sit under each key id: rotation is done when only the current key remains. */
export async function keyUsage(db: Db) {
  const counts: Record<string, number> = {};
  for (const spec of sealedColumns) {
    const column = sql.identifier(spec.column);
    const rows = await queryRows<{ key_id: string; n: number }>(
      db,
      sql`select split_part(${column}, ':', 2) as key_id, count(*)::int as n from ${sql.identifier(spec.table)} where ${column} is not null group by 1`,
    );
    for (const row of rows) counts[row.key_id] = (counts[row.key_id] ?? 0) + Number(row.n);
  }
  return counts;
}
