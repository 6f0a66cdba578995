import { guarded, pick, text, verifyHmac } from "./hmac";
import type { Verifier } from "./types";

/*
 * Slack signs every request (Events API deliveries and the url_verification challenge alike) with the
 * app's signing secret: `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:" + timestamp + ":" + body>`,
 * `X-Slack-Request-Timestamp` in unix seconds, which must be within five minutes of receipt.
 * Events API bodies are JSON: `{ type: "event_callback", team_id, event_id, event_time, event: { type } }`;
 * the handshake is `{ type: "url_verification", challenge }`, answered by echoing the challenge.
 * Slash commands and interactivity post form-encoded bodies; this verifier is for the Events API only.
 * https://api.slack.com/authentication/verifying-requests-from-slack
 */

/** Slack's event_time is unix seconds; null when absent. */
function eventTimeOf(body: unknown): Date | null {
  const seconds = pick(body, "event_time");
  return typeof seconds === "number" && Number.isFinite(seconds) ? new Date(seconds * 1000) : null;
}

/** X-Slack-Signature (v0) within a five-minute timestamp window; url_verification is a handshake. */
export const slackVerifier: Verifier = guarded(async (request, key) => {
  const checked = verifyHmac(request, key, {
    header: "x-slack-signature",
    encoding: "hex",
    prefix: "v0=",
    timestamp: { header: "x-slack-request-timestamp", unit: "s" },
    signed: ({ rawBody }, timestamp) => `v0:${timestamp}:${rawBody}`,
  });
  if (!checked.ok) return checked;
  const body = checked.body;
  if (pick(body, "type") === "url_verification") {
    return {
      ok: true,
      eventId: null,
      eventType: "url_verification",
      occurredAt: null,
      accountRef: null,
      handshake: true,
    };
  }
  return {
    ok: true,
    eventId: text(pick(body, "event_id")),
    eventType: text(pick(body, "event", "type")) ?? text(pick(body, "type")),
    occurredAt: eventTimeOf(body),
    accountRef: text(pick(body, "team_id")),
  };
});
