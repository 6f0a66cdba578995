import { and, desc, eq, inArray } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { createApiKeyInput } from "@/lib/schemas/tenant";
import type { Auth } from "@/server/auth";
import type { Db } from "@/server/db/client";
import { apiKeyCreator, apikey } from "@/server/db/schema";

/** A tenant's API keys: never the key itself, only its recognisable start. */
export async function listApiKeys(db: Db, tenantId: string) {
  return db
    .select({
      id: apikey.id,
      name: apikey.name,
      start: apikey.start,
      enabled: apikey.enabled,
      lastRequest: apikey.lastRequest,
      expiresAt: apikey.expiresAt,
      createdAt: apikey.createdAt,
    })
    .from(apikey)
    .where(eq(apikey.referenceId, tenantId))
    .orderBy(desc(apikey.createdAt));
}

/**
 * Creates a tenant API key; the full key is in this response only and never stored in plaintext.
 * Its creator is recorded in api_key_creator (our table, not the key's metadata): the one source of
 * a key's platform-admin rights.
 */
export async function createApiKey(
  ctx: { auth: Auth; db: Db; tenantId: string; userId: string; emailVerified: boolean },
  input: (typeof createApiKeyInput)["_output"],
) {
  // A key outlives its creator's sessions: an account that has not proved its address (someone may
  // have signed up with another person's address) cannot leave one behind for later.
  if (!ctx.emailVerified)
    throw new AppError(
      "FORBIDDEN",
      "Confirm your email address first: open the link we emailed you (or ask for a new one), then create the key",
    );
  const created = await ctx.auth.api.createApiKey({
    body: {
      organizationId: ctx.tenantId,
      userId: ctx.userId,
      name: input.name,
      expiresIn: input.expiresInDays ? input.expiresInDays * 24 * 60 * 60 : null,
    },
  });
  try {
    await ctx.db
      .insert(apiKeyCreator)
      .values({ keyId: created.id, tenantId: ctx.tenantId, userId: ctx.userId });
  } catch (error) {
    await ctx.db.delete(apikey).where(and(eq(apikey.id, created.id), eq(apikey.referenceId, ctx.tenantId)));
    throw error;
  }
  return {
    id: created.id,
    name: created.name,
    start: created.start,
    key: created.key,
    expiresAt: created.expiresAt,
  };
}

/**
 * Revokes every key an account created. Called when an account that had not proved its address is
 * taken over by the address's owner (password reset): whatever the earlier holder left behind goes.
 */
export async function revokeKeysCreatedBy(db: Db, userId: string) {
  const keys = db
    .select({ id: apiKeyCreator.keyId })
    .from(apiKeyCreator)
    .where(eq(apiKeyCreator.userId, userId));
  await db.delete(apikey).where(inArray(apikey.id, keys));
}

export async function revokeApiKey(db: Db, tenantId: string, keyId: string) {
  const deleted = await db
    .delete(apikey)
    .where(and(eq(apikey.id, keyId), eq(apikey.referenceId, tenantId)))
    .returning({ id: apikey.id });
  if (!deleted.length) throw new AppError("NOT_FOUND", "API key not found");
  return { id: keyId };
}
