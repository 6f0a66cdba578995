import { Webhook, WebhookVerificationError } from "standardwebhooks";
import {
  epochHeader,
  FIVE_MINUTES_MS,
  guarded,
  missing,
  parseJson,
  pick,
  reasons,
  reject,
  text,
  toDate,
  withinWindow,
} from "./hmac";
import type { Verifier } from "./types";

/*
 * Standard Webhooks (our custom endpoints): `webhook-id`, `webhook-timestamp` (unix seconds) and
 * `webhook-signature: v1,<base64> [v1,<base64>…]` (space-separated while a secret rotates), an
 * HMAC-SHA256 of `${id}.${timestamp}.${body}` keyed with the base64 part of a `whsec_` secret.
 * Resend and other Svix senders use the same scheme under `svix-id`/`svix-timestamp`/`svix-signature`.
 * The `standardwebhooks` package checks the signatures in constant time and applies a five-minute
 * window against the clock; we also apply the window against our receipt time, like every verifier.
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */

const headerSets = [
  { id: "webhook-id", timestamp: "webhook-timestamp", signature: "webhook-signature" },
  { id: "svix-id", timestamp: "svix-timestamp", signature: "svix-signature" },
] as const;

/** The header names this delivery uses: the spec's webhook-*, or svix-* when any of those is present. */
function headerNamesOf(headers: Headers): (typeof headerSets)[number] {
  const svix = headerSets[1];
  return headers.has(svix.id) || headers.has(svix.signature) || headers.has(svix.timestamp)
    ? svix
    : headerSets[0];
}

/** Builds the package's verifier, or null when the configured secret is not a base64 (whsec_) secret. */
function webhookFor(secret: string): Webhook | null {
  try {
    return new Webhook(secret);
  } catch {
    return null;
  }
}

/** webhook-* or svix-* headers verified by the standardwebhooks package. */
export const standardWebhooksVerifier: Verifier = guarded(async (request, key) => {
  const names = headerNamesOf(request.headers);
  const id = request.headers.get(names.id);
  const timestamp = request.headers.get(names.timestamp);
  const signature = request.headers.get(names.signature);
  if (!id) return missing(names.id);
  if (!timestamp) return missing(names.timestamp);
  if (!signature) return missing(names.signature);
  const sentAt = epochHeader(timestamp.trim(), "s");
  if (!withinWindow(sentAt, request.receivedAt, FIVE_MINUTES_MS)) return reject(reasons.stale);
  const webhook = webhookFor(key.secret);
  if (!webhook) return reject("signing secret is not a whsec_ base64 secret");
  const canonical = { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature };
  try {
    webhook.verify(request.rawBody, canonical, { jsonParse: false });
  } catch (error) {
    const stale = error instanceof WebhookVerificationError && /timestamp too (old|new)/i.test(error.message);
    return reject(stale ? reasons.stale : reasons.mismatch);
  }
  const body = parseJson(request.rawBody);
  if (!body.ok) return reject(reasons.badJson);
  return {
    ok: true,
    eventId: id,
    eventType: text(pick(body.value, "type")),
    occurredAt: toDate(pick(body.value, "timestamp")) ?? sentAt,
    accountRef: null,
  };
});
