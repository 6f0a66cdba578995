import { guarded, latest, list, pick, text, toDate, verifyHmac } from "./hmac";
import type { Verifier } from "./types";

/*
 * Xero signs the raw body with the app's webhook key and sends the base64 HMAC-SHA256 in
 * `x-xero-signature`. There is no timestamp header and no event id: a delivery is a batch
 * `{ events: [...], firstEventSequence, lastEventSequence, entropy }`, so the caller hashes the body
 * for deduplication. Each event is `{ resourceUrl, resourceId, eventDateUtc, eventType: "CREATE" |
 * "UPDATE", eventCategory: "INVOICE" | "CONTACT" | …, tenantId, tenantType }`.
 * Intent to receive: Xero posts a signed batch with no events and expects 200 when the signature is
 * valid and 401 when it is not (it also sends deliberately bad signatures), within 5 s.
 * https://developer.xero.com/documentation/guides/webhooks/overview/
 */

/** The type stored for a batch of several events (one handler reads them all). */
export const xeroBatchType = "xero.batch";

/** "INVOICE.UPDATE"-style type for a single event; null when either part is missing. */
export function xeroEventTypeOf(event: unknown): string | null {
  const category = text(pick(event, "eventCategory"));
  const type = text(pick(event, "eventType"));
  return category && type ? `${category}.${type}` : null;
}

/** x-xero-signature over the raw body; an empty `events` batch is the intent-to-receive handshake. */
export const xeroVerifier: Verifier = guarded(async (request, key) => {
  const checked = verifyHmac(request, key, {
    header: "x-xero-signature",
    encoding: "base64",
    signed: ({ rawBody }) => rawBody,
  });
  if (!checked.ok) return checked;
  const events = pick(checked.body, "events");
  if (events !== null && !Array.isArray(events)) return { ok: false, reason: "body has no events array" };
  const batch = list(events);
  if (batch.length === 0) {
    return { ok: true, eventId: null, eventType: null, occurredAt: null, accountRef: null, handshake: true };
  }
  return {
    ok: true,
    eventId: null,
    eventType: batch.length === 1 ? (xeroEventTypeOf(batch[0]) ?? xeroBatchType) : xeroBatchType,
    occurredAt: latest(batch.map((event) => toDate(pick(event, "eventDateUtc")))),
    accountRef: text(pick(batch[0], "tenantId")),
  };
});
