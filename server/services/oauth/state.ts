import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import * as oauth from "oauth4webapi";
import { AppError } from "@/lib/errors";
import type { Db } from "@/server/db/client";
import { integrations, oauthStates } from "@/server/db/schema";
import { authorizationUrl } from "@/server/providers/oauth";
import { open, seal } from "@/server/vault/envelope";
import { oauthVerifierPurpose } from "@/server/vault/purposes";
import { providerOf } from "../integrations/views";

const STATE_TTL_MS = 10 * 60_000;

type Binding = { userId: string; tenantId: string; providerId: string };

/**
 * Starts an authorization: a random state and PKCE verifier stored server-side (verifier sealed),
 * and the provider URL to send the user to. With `integrationId` the consent reconnects that integration.
 */
export async function createState(
  db: Db,
  input: Binding & { integrationId?: string | null; redirectUri: string; scopes?: string[] },
) {
  const provider = providerOf(input.providerId);
  if (input.integrationId) {
    const [existing] = await db
      .select({ id: integrations.id })
      .from(integrations)
      .where(
        and(
          eq(integrations.id, input.integrationId),
          eq(integrations.tenantId, input.tenantId),
          eq(integrations.providerId, input.providerId),
        ),
      );
    if (!existing) throw new AppError("NOT_FOUND", "Integration not found");
  }
  const id = randomUUID();
  const state = randomBytes(32).toString("base64url");
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const codeChallenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
  const url = authorizationUrl(provider, {
    state,
    codeChallenge,
    redirectUri: input.redirectUri,
    scopes: input.scopes,
  });
  await db.insert(oauthStates).values({
    id,
    state,
    userId: input.userId,
    tenantId: input.tenantId,
    providerId: input.providerId,
    integrationId: input.integrationId ?? null,
    redirectUri: input.redirectUri,
    codeVerifier: seal(codeVerifier, { tenantId: input.tenantId, rowId: id, purpose: oauthVerifierPurpose }),
    expiresAt: new Date(Date.now() + STATE_TTL_MS),
  });
  return { state, codeChallenge, authorizationUrl: url };
}

/**
 * Uses up a state exactly once, and only for the user, tenant and provider that created it (one
 * atomic UPDATE ... RETURNING, so two callbacks cannot both win). Anything else is a clear 400.
 */
export async function consumeState(db: Db, state: string, binding: Binding) {
  const [row] = await db
    .update(oauthStates)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(oauthStates.state, state),
        isNull(oauthStates.usedAt),
        gt(oauthStates.expiresAt, sql`now()`),
        eq(oauthStates.userId, binding.userId),
        eq(oauthStates.tenantId, binding.tenantId),
        eq(oauthStates.providerId, binding.providerId),
      ),
    )
    .returning();
  if (!row) throw await whyRefused(db, state);
  const codeVerifier = open(row.codeVerifier, {
    tenantId: row.tenantId,
    rowId: row.id,
    purpose: oauthVerifierPurpose,
  });
  return {
    providerId: row.providerId,
    integrationId: row.integrationId,
    redirectUri: row.redirectUri,
    codeVerifier,
  };
}

/** Explains a refused state; read after the atomic update failed, so it never decides anything. */
async function whyRefused(db: Db, state: string) {
  const [row] = await db
    .select({ usedAt: oauthStates.usedAt, expired: sql<boolean>`${oauthStates.expiresAt} <= now()` })
    .from(oauthStates)
    .where(eq(oauthStates.state, state));
  const again = "Start the connection again from Plugboard";
  const reason = !row
    ? "The authorization request is unknown (missing or invalid state)"
    : row.usedAt
      ? "The authorization request was already used"
      : row.expired
        ? "The authorization request expired (after 10 minutes)"
        : "The authorization request belongs to another user, tenant or provider";
  return new AppError("BAD_REQUEST", `${reason}. ${again}`, {
    details: [{ field: "state", reason, suggestion: again }],
  });
}
