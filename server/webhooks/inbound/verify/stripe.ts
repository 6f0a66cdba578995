import Stripe from "stripe";
import { guarded, missing, reasons, reject, text } from "./hmac";
import type { Verification, Verifier } from "./types";

/*
 * Stripe signs `${t}.${rawBody}` with the endpoint's whsec_ secret (HMAC-SHA256, hex) and sends
 * `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]` (several v1 entries while a secret rolls).
 * The SDK does the parsing, the constant-time comparison and the age check; we hand it our receipt
 * time so the 300 s tolerance is measured from when the request arrived, not from when a queue ran.
 * https://docs.stripe.com/webhooks#verify-events
 */

const signatureHeader = "stripe-signature";
const toleranceSeconds = 300;

/** Maps what the SDK throws onto the shared reasons, without echoing its message (it quotes the header). */
function rejectionFor(error: unknown): Verification {
  if (error instanceof SyntaxError) return reject(reasons.badJson);
  if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
    return reject(/tolerance/i.test(error.message) ? reasons.stale : reasons.mismatch);
  }
  return reject(reasons.failed);
}

/** Stripe-Signature checked by the SDK's constructEventAsync with a 300 s tolerance. */
export const stripeVerifier: Verifier = guarded(async (request, key) => {
  const header = request.headers.get(signatureHeader);
  if (!header) return missing(signatureHeader);
  let event: Stripe.Event;
  try {
    event = await Stripe.webhooks.constructEventAsync(
      request.rawBody,
      header,
      key.secret,
      toleranceSeconds,
      undefined,
      request.receivedAt.getTime(),
    );
  } catch (error) {
    return rejectionFor(error);
  }
  const created: unknown = event.created;
  return {
    ok: true,
    eventId: text(event.id),
    eventType: text(event.type),
    occurredAt: typeof created === "number" ? new Date(created * 1000) : null,
    accountRef: text(event.account),
  };
});
