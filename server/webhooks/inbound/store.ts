import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { withoutNul } from "@/lib/nul";
import type { Db } from "@/server/db/client";
import { webhookEvents } from "@/server/db/schema";
import { enqueueCoalesced } from "@/server/jobs/boss";
import { logger } from "@/server/logger";
import type { ProviderDefinition } from "@/server/providers/types";
import type { IntegrationRow } from "@/server/services/integrations/views";
import type { EventFacts, InboundRequest } from "./verify/types";

export type StoreResult = { kind: "stored" | "duplicate"; eventId: string };

const hiddenHeader = /(authorization|cookie|signature|secret|token|api[-_]?key)/i;

/** Headers as stored for the log: signatures, cookies and tokens removed. */
export function safeHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries([...headers.entries()].filter(([name]) => !hiddenHeader.test(name)));
}

/**
 * Stores one verified delivery for one integration exactly once (dedup by the provider's event id, or
 * the body hash) and queues its processing. A repeat is counted, not stored.
 */
export async function storeDelivery(
  db: Db,
  row: IntegrationRow,
  provider: ProviderDefinition,
  request: InboundRequest,
  facts: EventFacts,
): Promise<StoreResult> {
  // A signed body may legitimately carry NUL (`\u0000` in a JSON string); Postgres text cannot, so
  // what is stored from it has NUL replaced (the digest is of the body as received).
  const dedupKey = withoutNul(
    facts.eventId ?? `sha256:${createHash("sha256").update(request.rawBody).digest("hex")}`,
  );
  const [stored] = await db
    .insert(webhookEvents)
    .values({
      tenantId: row.tenantId,
      integrationId: row.id,
      providerId: provider.id,
      dedupKey,
      eventType: facts.eventType === null ? null : withoutNul(facts.eventType),
      occurredAt: facts.occurredAt,
      accountRef: facts.accountRef === null ? null : withoutNul(facts.accountRef),
      headers: safeHeaders(request.headers),
      body: withoutNul(request.rawBody),
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
  await enqueueCoalesced("webhook.process", { eventId: stored.id }, { singletonKey: stored.id }).catch(
    (error: unknown) =>
      logger.error(
        { err: error, eventId: stored.id },
        "could not queue webhook processing; the sweeper will",
      ),
  );
  return { kind: "stored", eventId: stored.id };
}
