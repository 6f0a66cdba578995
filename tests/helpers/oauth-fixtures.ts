import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/server/db/client";
import { auditLog, integrations, oauthRefreshAttempts } from "@/server/db/schema";
import { openTokenSet, storeTokenSet, type TokenSet } from "@/server/services/oauth/tokens";
import { signUp, unique } from "./world";

/** A signed-up owner with a fresh tenant. */
export async function oauthOwner(label: string) {
  const person = await signUp(label);
  const tenant = await person.caller.tenants.create({ name: label, slug: unique(label) });
  return { userId: person.userId, tenantId: tenant.id };
}

/** The integration row and its decrypted token set, as stored now. */
export async function storedIntegration(integrationId: string) {
  const db = await getDb();
  const [row] = await db.select().from(integrations).where(eq(integrations.id, integrationId));
  if (!row) throw new Error(`integration ${integrationId} is gone`);
  return { row, tokenSet: openTokenSet(row) };
}

/** Rewrites the stored token set so its access token expired a minute ago; returns the previous set. */
export async function expireAccessToken(integrationId: string): Promise<TokenSet> {
  const { row, tokenSet } = await storedIntegration(integrationId);
  const expired = { ...tokenSet, expiresAt: new Date(Date.now() - 60_000).toISOString() };
  await storeTokenSet(await getDb(), row, expired);
  return tokenSet;
}

/** The refresh attempts recorded for an integration, oldest first. */
export async function refreshAttempts(tenantId: string, integrationId: string) {
  const db = await getDb();
  return db
    .select({ outcome: oauthRefreshAttempts.outcome, errorCode: oauthRefreshAttempts.errorCode })
    .from(oauthRefreshAttempts)
    .where(
      and(eq(oauthRefreshAttempts.tenantId, tenantId), eq(oauthRefreshAttempts.integrationId, integrationId)),
    )
    .orderBy(asc(oauthRefreshAttempts.attemptedAt));
}

/** Audit actions recorded against an integration. */
export async function auditActions(tenantId: string, integrationId: string) {
  const db = await getDb();
  const rows = await db
    .select({ action: auditLog.action, actorLabel: auditLog.actorLabel, actorType: auditLog.actorType })
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.targetId, integrationId)));
  return rows;
}
