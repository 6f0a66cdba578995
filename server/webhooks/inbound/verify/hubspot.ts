import { guarded, latest, pick, text, toDate, verifyHmac } from "./hmac";
import type { Verifier } from "./types";

/*
 * HubSpot v3: `X-HubSpot-Signature-v3` is the base64 HMAC-SHA256, keyed with the app's client secret,
 * of `method + uri + rawBody + timestamp`, where the timestamp is `X-HubSpot-Request-Timestamp` in
 * milliseconds and must be at most five minutes old. The URI is the full URL HubSpot called with
 * these percent-encodings decoded first (and no others): %3A : %2F / %3F ? %40 @ %21 ! %24 $ %27 '
 * %28 ( %29 ) %2A * %2C , %3B ;
 * Webhook deliveries are arrays of `{ eventId, subscriptionId, portalId, appId, occurredAt (ms),
 * subscriptionType, objectId, … }`; a batch has no single id, so the caller hashes the body.
 * https://developers.hubspot.com/docs/apps/legacy-apps/authentication/validating-requests
 */

const decodedInUri: Record<string, string> = {
  "%3A": ":",
  "%2F": "/",
  "%3F": "?",
  "%40": "@",
  "%21": "!",
  "%24": "$",
  "%27": "'",
  "%28": "(",
  "%29": ")",
  "%2A": "*",
  "%2C": ",",
  "%3B": ";",
};

/** The URI as HubSpot signs it: only the listed percent-encodings decoded, case-insensitively. */
export function hubspotSignedUri(url: string): string {
  return url.replace(
    /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (match) => decodedInUri[match.toUpperCase()] ?? match,
  );
}

/** X-HubSpot-Signature-v3 with a five-minute X-HubSpot-Request-Timestamp (ms) window. */
export const hubspotVerifier: Verifier = guarded(async (request, key) => {
  const checked = verifyHmac(request, key, {
    header: "x-hubspot-signature-v3",
    encoding: "base64",
    timestamp: { header: "x-hubspot-request-timestamp", unit: "ms" },
    signed: ({ method, url, rawBody }, timestamp) =>
      `${method.toUpperCase()}${hubspotSignedUri(url)}${rawBody}${timestamp}`,
  });
  if (!checked.ok) return checked;
  const events = Array.isArray(checked.body) ? checked.body : [checked.body];
  const first = events[0];
  return {
    ok: true,
    eventId: events.length === 1 ? text(pick(first, "eventId")) : null,
    eventType: text(pick(first, "subscriptionType")),
    occurredAt: latest(events.map((event) => toDate(pick(event, "occurredAt")))),
    accountRef: text(pick(first, "portalId")),
  };
});
