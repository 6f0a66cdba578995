import type { SignatureScheme } from "@/server/providers/types";
import { billComVerifier } from "./bill-com";
import { hubspotVerifier } from "./hubspot";
import { paypalVerifier } from "./paypal";
import { quickbooksVerifier } from "./quickbooks";
import { slackVerifier } from "./slack";
import { squareVerifier } from "./square";
import { standardWebhooksVerifier } from "./standard-webhooks";
import { stripeVerifier } from "./stripe";
import type { Verifier, VerifierScheme } from "./types";
import { xeroVerifier } from "./xero";

/*
 * One verifier per inbound signature scheme (GUIDE §7). Every verifier:
 * - refuses an empty secret ("no signing secret configured") rather than skipping verification;
 * - compares signatures in constant time and checks the scheme's timestamp window against receivedAt;
 * - answers { ok: false, reason } for anything wrong and never throws;
 * - returns the event's own facts (id, type, time, account) for idempotent storage and ordering.
 * Reasons: "missing <header>", "signature mismatch", "timestamp outside the tolerance window",
 * "body is not valid JSON", plus a few scheme-specific ones (PayPal's certificate checks).
 */

/** The verifier for each scheme; a Record so adding a scheme without a verifier fails to compile. */
export const verifiers: Record<VerifierScheme, Verifier> = {
  stripe: stripeVerifier,
  xero: xeroVerifier,
  standard_webhooks: standardWebhooksVerifier,
  slack: slackVerifier,
  square: squareVerifier,
  paypal: paypalVerifier,
  quickbooks: quickbooksVerifier,
  hubspot_v3: hubspotVerifier,
  bill_com: billComVerifier,
};

/** The verifier for a provider's scheme; null for "none" (providers that send no webhooks). */
export function verifierFor(scheme: SignatureScheme): Verifier | null {
  return scheme === "none" ? null : verifiers[scheme];
}
