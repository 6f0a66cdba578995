import { createHash } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Db } from "@/server/db/client";
import { integrations, webhookEvents } from "@/server/db/schema";
import { enqueue } from "@/server/jobs/boss";
import { logger } from "@/server/logger";
import { getProvider, type ProviderId, providerIds } from "@/server/providers/registry";
import { takeToken } from "@/server/ratelimit/bucket";
import { inboundSecretOf } from "./secrets";
import { verifiers } from "./verify";
import type { InboundRequest } from "./verify/types";

export const MAX_WEBHOOK_BYTES = 1024 * 1024;
/** Per-integration inbound budget: a misbehaving sender cannot starve the others. */
export const inboundLimit = { ratePerSecond: env.WEBHOOK_RATE_PER_SECOND, burst: env.WEBHOOK_BURST };
const hiddenHeader = /(authorization|cookie|signature|secret|token|api[-_]?key)/i;

export type IngestResult =
  | { kind: "stored" | "duplicate"; eventId: string }
  | { kind: "handshake"; challenge?: string };

/** Headers as stored for the log: signatures, cookies and tokens removed. */
export function safeHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries([...headers.entries()].filter(([name]) => !hiddenHeader.test(name)));
}

/**
 * Verifies one delivery with its provider's scheme and stores it exactly once; processing is
 * queued. Throws AppError (404 unknown integration, 401 unsigned, 429 over budget).
 */
export async function ingestWebhook(
  db: Db,
  providerId: string,
  integrationId: string,
  request: InboundRequest,
): Promise<IngestResult> {
  if (!(providerIds as readonly string[]).includes(providerId) || !/^[0-9a-f-]{36}$/i.test(integrationId)) {
    throw new AppError("NOT_FOUND", "Unknown webhook endpoint");
  }
  const provider = getProvider(providerId as ProviderId);
  const [row] = await db
    .select()
    .from(integrations)
    .where(
      and(
        eq(integrations.id, integrationId),
        eq(integrations.providerId, provider.id),
        isNull(integrations.disconnectedAt),
      ),
    )
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Unknown or disconnected integration");
  const budget = await takeToken(db, `webhook:${row.id}`, inboundLimit);
  if (!budget.allowed)
    throw new AppError("TOO_MANY_REQUESTS", "Too many webhook deliveries for this integration", {
      retryAfterSeconds: budget.retryAfterSeconds,
    });
  if (provider.webhook.scheme === "none")
    throw new AppError("NOT_FOUND", `${provider.displayName} does not send webhooks`);
  const secret = inboundSecretOf(row, provider);
  if (!secret)
    throw new AppError(
      "UNAUTHORIZED",
      `No webhook signing secret is configured for this ${provider.displayName} integration`,
    );
  const verification = await verifiers[provider.webhook.scheme](request, { secret });
  if (!verification.ok) {
    logger.warn(
      { provider: provider.id, integrationId, reason: verification.reason },
      "webhook signature rejected",
    );
    throw new AppError("UNAUTHORIZED", `Signature verification failed: ${verification.reason}`);
  }
  if (verification.handshake) {
    const body = JSON.parse(request.rawBody) as { challenge?: unknown };
    return { kind: "handshake", challenge: typeof body.challenge === "string" ? body.challenge : undefined };
  }
  const dedupKey =
    verification.eventId ?? `sha256:${createHash("sha256").update(request.rawBody).digest("hex")}`;
  const [stored] = await db
    .insert(webhookEvents)
    .values({
      tenantId: row.tenantId,
      integrationId: row.id,
      providerId: provider.id,
      dedupKey,
      eventType: verification.eventType,
      occurredAt: verification.occurredAt,
      accountRef: verification.accountRef,
      headers: safeHeaders(request.headers),
      body: request.rawBody,
      verification: { scheme: provider.webhook.scheme, ok: true },
      receivedAt: request.receivedAt,
    })
    .onConflictDoNothing({ target: [webhookEvents.integrationId, webhookEvents.dedupKey] })
    .returning({ id: webhookEvents.id });
  if (!stored) {
    const [duplicate] = await db
      .update(webhookEvents)
      .set({ duplicateCount: sql`${webhookEvents.duplicateCount} + 1`, lastDuplicateAt: new Date() })
      .where(
        and(
          eq(webhookEvents.integrationId, row.id),
          eq(webhookEvents.dedupKey, dedupKey),
          eq(webhookEvents.tenantId, row.tenantId),
        ),
      )
      .returning({ id: webhookEvents.id });
    return { kind: "duplicate", eventId: duplicate?.id ?? "" };
  }
  // A failed enqueue leaves the event `received`; the sweeper queues it again, so nothing is lost.
  await enqueue("webhook.process", { eventId: stored.id }, { singletonKey: stored.id }).catch(
    (error: unknown) =>
      logger.error(
        { err: error, eventId: stored.id },
        "could not queue webhook processing; the sweeper will",
      ),
  );
  return { kind: "stored", eventId: stored.id };
}
