import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { Db, Tx } from "@/server/db/client";
import { integrations } from "@/server/db/schema";
import type { TokenResponse } from "@/server/providers/oauth";
import { openJson, sealJson } from "@/server/vault/envelope";
import { credentialsPurpose } from "@/server/vault/purposes";

/** What an OAuth integration's sealed `credentials` column holds. */
export const tokenSetSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  expiresAt: z.iso.datetime({ offset: true }),
  scope: z.string().optional(),
  tokenType: z.string().min(1),
});
export type TokenSet = z.infer<typeof tokenSetSchema>;

/** The row fields the sealed token set is bound to (AAD: tenant + row + purpose). */
export type TokenSetOwner = { id: string; tenantId: string };

// Providers that omit expires_in get an hour, so a token is re-checked at least that often.
const DEFAULT_LIFETIME_SECONDS = 3600;

/**
 * The token set to store after a token response. A refresh that does not rotate the refresh token
 * (or repeat the scope) keeps the previous ones.
 */
export function tokenSetFrom(response: TokenResponse, previous?: TokenSet, now = Date.now()): TokenSet {
  const lifetime = response.expires_in ?? DEFAULT_LIFETIME_SECONDS;
  return tokenSetSchema.parse({
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? previous?.refreshToken,
    expiresAt: new Date(now + lifetime * 1000).toISOString(),
    scope: response.scope ?? previous?.scope,
    tokenType: response.token_type,
  });
}

const bindOf = (owner: TokenSetOwner) => ({
  tenantId: owner.tenantId,
  rowId: owner.id,
  purpose: credentialsPurpose,
});

/** Decrypts and validates the token set of an OAuth integration row. */
export function openTokenSet(row: TokenSetOwner & { credentials: string | null }): TokenSet {
  if (!row.credentials)
    throw new AppError("CONFLICT", "This integration has no stored tokens; connect it again");
  return tokenSetSchema.parse(openJson<unknown>(row.credentials, bindOf(row)));
}

/**
 * Seals and stores a token set on its integration (in the caller's transaction). `reactivate` is for
 * the OAuth callback: a reconnect brings an integration in error back to active.
 */
export async function storeTokenSet(
  tx: Db | Tx,
  row: TokenSetOwner,
  tokenSet: TokenSet,
  options: { reactivate?: boolean } = {},
) {
  const status = options.reactivate ? { status: "active" as const, statusReason: null } : {};
  const [updated] = await tx
    .update(integrations)
    .set({ credentials: sealJson(tokenSetSchema.parse(tokenSet), bindOf(row)), ...status })
    .where(and(eq(integrations.id, row.id), eq(integrations.tenantId, row.tenantId)))
    .returning();
  if (!updated) throw new AppError("NOT_FOUND", "Integration not found");
  return updated;
}

/** Creates an active OAuth integration holding a sealed token set (the callback's first connect). */
export async function createOAuthIntegration(
  db: Db | Tx,
  input: {
    tenantId: string;
    providerId: string;
    name: string;
    tokenSet: TokenSet;
    externalAccountId?: string | null;
    externalAccountName?: string | null;
    metadata?: Record<string, unknown>;
    createdBy?: string | null;
  },
) {
  const id = randomUUID();
  const [created] = await db
    .insert(integrations)
    .values({
      id,
      tenantId: input.tenantId,
      providerId: input.providerId,
      name: input.name,
      status: "active",
      credentials: sealJson(tokenSetSchema.parse(input.tokenSet), bindOf({ id, tenantId: input.tenantId })),
      externalAccountId: input.externalAccountId ?? null,
      externalAccountName: input.externalAccountName ?? null,
      metadata: input.metadata ?? {},
      createdBy: input.createdBy ?? null,
    })
    .returning();
  if (!created) throw new AppError("INTERNAL", "The integration was not created");
  return created;
}
