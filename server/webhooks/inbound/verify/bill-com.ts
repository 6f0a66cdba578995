import { guarded, parseJson, pick, reasons, reject, text, toDate, verifyHmac } from "./hmac";
import type { Verifier } from "./types";

/*
 * BILL.com (v3 webhooks) signs each notification with the subscription's one-time `securityKey`
 * (returned when the subscription is created, rotated with POST /v3/subscriptions/{id}/security-key)
 * and sends the base64 HMAC-SHA256 of the raw body in `x-bill-sha-signature`. No timestamp header.
 * Body: `{ metadata: { eventId, subscriptionId, organizationId, eventType: "bill.created", version },
 * <resource>: { id, createdTime, updatedTime, … } }`. BILL documents the payload as "JSON-escaped and
 * presented as a string", so a body that parses to a string is parsed once more.
 * The metadata has no event time: we fall back to the resource's updatedTime, then its createdTime.
 * https://developer.bill.com/docs/test-with-webhook-security
 * https://developer.bill.com/docs/bill-webhook-notification-payloads
 */

/** Unwraps the JSON-escaped form ("{\"metadata\":…}") when BILL sends one; undefined when unparseable. */
function unwrap(body: unknown): unknown {
  if (typeof body !== "string") return body;
  const inner = parseJson(body);
  return inner.ok ? inner.value : undefined;
}

/** The resource object the event is about: the first top-level object other than metadata. */
function resourceOf(body: unknown): unknown {
  if (typeof body !== "object" || body === null) return undefined;
  return Object.entries(body).find(([name, value]) => name !== "metadata" && typeof value === "object")?.[1];
}

/** x-bill-sha-signature over the raw body; facts from the notification's metadata. */
export const billComVerifier: Verifier = guarded(async (request, key) => {
  const checked = verifyHmac(request, key, {
    header: "x-bill-sha-signature",
    encoding: "base64",
    signed: ({ rawBody }) => rawBody,
  });
  if (!checked.ok) return checked;
  const body = unwrap(checked.body);
  if (body === undefined) return reject(reasons.badJson);
  const resource = resourceOf(body);
  return {
    ok: true,
    eventId: text(pick(body, "metadata", "eventId")),
    eventType: text(pick(body, "metadata", "eventType")),
    occurredAt:
      toDate(pick(body, "metadata", "timestamp")) ??
      toDate(pick(resource, "updatedTime")) ??
      toDate(pick(resource, "createdTime")),
    accountRef: text(pick(body, "metadata", "organizationId")),
  };
});
