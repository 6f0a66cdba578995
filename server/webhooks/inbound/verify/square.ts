import { guarded, pick, text, toDate, verifyHmac } from "./hmac";
import type { Verifier } from "./types";

/*
 * Square signs `notificationUrl + rawBody` with the subscription's signature key and sends the base64
 * HMAC-SHA256 in `x-square-hmacsha256-signature`. The notification URL is the one configured on the
 * subscription, byte for byte; the route passes the public URL Square posted to as request.url.
 * There is no timestamp header (Square retries for up to 24 h); the body carries
 * `{ merchant_id, type, event_id, created_at, data }`, and event_id is the idempotency key.
 * The SDK's WebhooksHelper.verifySignature is async and compares with `===`, so we do our own
 * constant-time check and the tests assert it agrees with the SDK.
 * https://developer.squareup.com/docs/webhooks/step3validate
 */

/** The body fields Square documents for every event notification. */
function factsOf(body: unknown) {
  return {
    eventId: text(pick(body, "event_id")),
    eventType: text(pick(body, "type")),
    occurredAt: toDate(pick(body, "created_at")),
    accountRef: text(pick(body, "merchant_id")),
  };
}

/** x-square-hmacsha256-signature over notification URL + raw body. */
export const squareVerifier: Verifier = guarded(async (request, key) => {
  const checked = verifyHmac(request, key, {
    header: "x-square-hmacsha256-signature",
    encoding: "base64",
    signed: ({ url, rawBody }) => `${url}${rawBody}`,
  });
  if (!checked.ok) return checked;
  return { ok: true, ...factsOf(checked.body) };
});
