import { guarded, latest, list, pick, text, toDate, verifyHmac } from "./hmac";
import type { EventFacts, Verifier } from "./types";

/*
 * QuickBooks Online signs the raw body with the app's verifier token and sends the base64
 * HMAC-SHA256 in `intuit-signature`; there is no timestamp header. Verification is never skipped:
 * an unset token is refused (guarded), not waved through.
 * Two body formats are in circulation while Intuit migrates (mandatory by mid-2026):
 * - legacy: `{ eventNotifications: [{ realmId, dataChangeEvent: { entities: [{ name, id, operation,
 *   lastUpdated }] } }] }` — a batch without an event id, so the caller hashes the body;
 * - CloudEvents: `[{ specversion, id, type: "qbo.customer.created.v1", time, intuitaccountid,
 *   intuitentityid, data }]` — a batch that may span companies.
 * https://developer.intuit.com/app/developer/qbo/docs/develop/webhooks
 */

/** The type stored for a legacy notification or a CloudEvents batch (one handler reads them all). */
export const quickbooksBatchType = "quickbooks.data_change";

/** Facts of the legacy eventNotifications format. */
function legacyFacts(body: unknown): EventFacts {
  const notifications = list(pick(body, "eventNotifications"));
  const entities = notifications.flatMap((notification) =>
    list(pick(notification, "dataChangeEvent", "entities")),
  );
  return {
    eventId: null,
    eventType: quickbooksBatchType,
    occurredAt: latest(entities.map((entity) => toDate(pick(entity, "lastUpdated")))),
    accountRef: text(pick(notifications[0], "realmId")),
  };
}

/** Facts of the CloudEvents array; a single event keeps its own id and type. */
function cloudEventFacts(events: unknown[]): EventFacts {
  const single = events.length === 1;
  return {
    eventId: single ? text(pick(events[0], "id")) : null,
    eventType: single ? (text(pick(events[0], "type")) ?? quickbooksBatchType) : quickbooksBatchType,
    occurredAt: latest(events.map((event) => toDate(pick(event, "time")))),
    accountRef: text(pick(events[0], "intuitaccountid")),
  };
}

/** intuit-signature over the raw body, for both the legacy and the CloudEvents payloads. */
export const quickbooksVerifier: Verifier = guarded(async (request, key) => {
  const checked = verifyHmac(request, key, {
    header: "intuit-signature",
    encoding: "base64",
    signed: ({ rawBody }) => rawBody,
  });
  if (!checked.ok) return checked;
  const body = checked.body;
  return { ok: true, ...(Array.isArray(body) ? cloudEventFacts(body) : legacyFacts(body)) };
});
