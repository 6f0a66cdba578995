import { and, eq, inArray, isNull } from "drizzle-orm";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Db } from "@/server/db/client";
import { integrations } from "@/server/db/schema";
import { logger } from "@/server/logger";
import { getProvider, type ProviderId, providerIds } from "@/server/providers/registry";
import type { ProviderDefinition } from "@/server/providers/types";
import { takeToken } from "@/server/ratelimit/bucket";
import type { IntegrationRow } from "@/server/services/integrations/views";
import { accountRoutesOf, hasAppLevelWebhooks } from "./app-level";
import { appWebhookSecretOf, inboundSecretOf } from "./secrets";
import { type StoreResult, storeDelivery } from "./store";
import { verifiers } from "./verify";
import { parseJson, pick } from "./verify/hmac";
import type { EventFacts, InboundRequest } from "./verify/types";

export { type StoreResult, safeHeaders } from "./store";

export const MAX_WEBHOOK_BYTES = 1024 * 1024;
/** Per-integration inbound budget: a misbehaving sender cannot starve the others. */
export const inboundLimit = { ratePerSecond: env.WEBHOOK_RATE_PER_SECOND, burst: env.WEBHOOK_BURST };
/** Per-integration budget of deliveries that fail verification, kept apart from the real one. */
export const unverifiedLimit = {
  ratePerSecond: env.WEBHOOK_UNVERIFIED_RATE_PER_SECOND,
  burst: env.WEBHOOK_UNVERIFIED_BURST,
};

type Handshake = { kind: "handshake"; challenge?: string };
export type IngestResult = StoreResult | Handshake;
/** One integration an app-level delivery was stored for. */
export type RoutedDelivery = { integrationId: string; eventId: string; duplicate: boolean };
export type AppIngestResult = Handshake | { kind: "routed"; deliveries: RoutedDelivery[] };

/** The provider of a webhook URL segment; 404 for anything not in the registry. */
function webhookProviderOf(providerId: string): ProviderDefinition {
  if (!(providerIds as readonly string[]).includes(providerId))
    throw new AppError("NOT_FOUND", "Unknown webhook endpoint");
  return getProvider(providerId as ProviderId);
}

const overBudget = (retryAfterSeconds: number) =>
  new AppError("TOO_MANY_REQUESTS", "Too many webhook deliveries for this integration", {
    retryAfterSeconds,
  });

/** Takes one token of the integration's inbound budget; 429 with Retry-After when it is spent. */
async function admit(db: Db, row: IntegrationRow) {
  const budget = await takeToken(db, `webhook:${row.id}`, inboundLimit);
  if (!budget.allowed) throw overBudget(budget.retryAfterSeconds);
}

/**
 * The connected integration a delivery names; 404 for one that does not exist or was disconnected.
 * No budget is spent here: a delivery is only charged once it is known to be signed (or refused).
 */
async function integrationOf(db: Db, providerId: string, integrationId: string) {
  const [row] = await db
    .select()
    .from(integrations)
    .where(
      and(
        eq(integrations.id, integrationId),
        eq(integrations.providerId, providerId),
        isNull(integrations.disconnectedAt),
      ),
    )
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Unknown or disconnected integration");
  return row;
}

/**
 * A delivery that failed verification spends a token of the integration's small unverified budget,
 * never of the real one: an unsigned flood is answered 401, then 429, while the provider's signed
 * deliveries keep their whole budget.
 */
async function refuseUnverified(db: Db, row: IntegrationRow, refusal: AppError): Promise<never> {
  const budget = await takeToken(db, `webhook-unverified:${row.id}`, unverifiedLimit);
  if (!budget.allowed)
    throw new AppError("TOO_MANY_REQUESTS", "Too many unverified webhook deliveries for this integration", {
      retryAfterSeconds: budget.retryAfterSeconds,
    });
  throw refusal;
}

/** Checks the signature with the provider's scheme; 401 with the reason when it does not hold. */
async function verifyDelivery(
  provider: ProviderDefinition,
  request: InboundRequest,
  secret: string,
  context: Record<string, string>,
): Promise<EventFacts> {
  if (provider.webhook.scheme === "none")
    throw new AppError("NOT_FOUND", `${provider.displayName} does not send webhooks`);
  const verification = await verifiers[provider.webhook.scheme](request, { secret });
  if (!verification.ok) {
    logger.warn(
      { provider: provider.id, ...context, reason: verification.reason },
      "webhook signature rejected",
    );
    throw new AppError("UNAUTHORIZED", `Signature verification failed: ${verification.reason}`);
  }
  return verification;
}

/** The answer to a verified handshake (Xero intent-to-receive: empty; Slack url_verification: its challenge). */
function handshakeOf(request: InboundRequest): Handshake {
  const body = parseJson(request.rawBody);
  const challenge = body.ok ? pick(body.value, "challenge") : undefined;
  return { kind: "handshake", challenge: typeof challenge === "string" ? challenge : undefined };
}

/**
 * Verifies one delivery to an integration's own endpoint with its provider's scheme and stores it
 * exactly once; processing is queued. The integration's budget is spent only by verified deliveries;
 * refused ones spend a small budget of their own. Throws AppError (404 unknown integration, 401 unsigned,
 * 429 over either budget).
 */
export async function ingestWebhook(
  db: Db,
  providerId: string,
  integrationId: string,
  request: InboundRequest,
): Promise<IngestResult> {
  const provider = webhookProviderOf(providerId);
  if (!/^[0-9a-f-]{36}$/i.test(integrationId)) throw new AppError("NOT_FOUND", "Unknown webhook endpoint");
  const row = await integrationOf(db, provider.id, integrationId);
  if (provider.webhook.scheme === "none")
    throw new AppError("NOT_FOUND", `${provider.displayName} does not send webhooks`);
  const secret = inboundSecretOf(row, provider);
  if (!secret)
    return refuseUnverified(
      db,
      row,
      new AppError(
        "UNAUTHORIZED",
        `No webhook signing secret is configured for this ${provider.displayName} integration`,
      ),
    );
  const facts = await verifyDelivery(provider, request, secret, { integrationId }).catch((error: unknown) =>
    error instanceof AppError && error.kind === "UNAUTHORIZED"
      ? refuseUnverified(db, row, error)
      : Promise.reject(error),
  );
  // Verified: only now is a token of the integration's inbound budget taken.
  await admit(db, row);
  if (facts.handshake) return handshakeOf(request);
  return storeDelivery(db, row, provider, request, facts);
}

/**
 * Verifies one delivery to a provider's app-level endpoint with the app-level secret, then stores it
 * once for every connected integration of each account the payload names (see app-level.ts). A
 * delivery naming no connected account is acknowledged and stored nowhere: the provider must not
 * retry, or disable the endpoint, because one organisation disconnected. Throws AppError (404 no
 * app-level endpoint or secret, 401 unsigned, 429 over an integration's budget).
 */
export async function ingestAppWebhook(
  db: Db,
  providerId: string,
  request: InboundRequest,
): Promise<AppIngestResult> {
  const provider = webhookProviderOf(providerId);
  if (!hasAppLevelWebhooks(provider.id))
    throw new AppError("NOT_FOUND", `${provider.displayName} has no app-level webhook endpoint`);
  const secret = appWebhookSecretOf(provider.id);
  if (!secret)
    throw new AppError("NOT_FOUND", `App-level ${provider.displayName} webhooks are not configured`);
  const facts = await verifyDelivery(provider, request, secret, { endpoint: "app" });
  if (facts.handshake) return handshakeOf(request);
  const body = parseJson(request.rawBody);
  const routes = body.ok ? accountRoutesOf(provider.id, body.value, facts) : [];
  if (!routes.length) return { kind: "routed", deliveries: [] };
  const rows = await db
    .select()
    .from(integrations)
    .where(
      and(
        eq(integrations.providerId, provider.id),
        inArray(
          integrations.externalAccountId,
          routes.map((route) => route.accountRef),
        ),
        isNull(integrations.disconnectedAt),
      ),
    );
  const deliveries: RoutedDelivery[] = [];
  for (const row of rows) {
    const route = routes.find((candidate) => candidate.accountRef === row.externalAccountId);
    if (!route) continue;
    await admit(db, row);
    const stored = await storeDelivery(db, row, provider, request, { ...facts, ...route });
    deliveries.push({
      integrationId: row.id,
      eventId: stored.eventId,
      duplicate: stored.kind === "duplicate",
    });
  }
  if (!deliveries.length)
    logger.info(
      { provider: provider.id, accounts: routes.length },
      "app-level webhook names no connected account",
    );
  return { kind: "routed", deliveries };
}
