import { createHmac } from "node:crypto";
import { Signature } from "@hubspot/api-client";
import { describe, expect, it } from "vitest";
import { hubspotVerifier } from "@/server/webhooks/inbound/verify/hubspot";
import { slackVerifier } from "@/server/webhooks/inbound/verify/slack";
import { failure, inboundRequest, tamper } from "../helpers/inbound";

const inbound = (rawBody: string, headers: Record<string, string>, url = "https://plugboard.example/hook") =>
  inboundRequest(rawBody, headers, { url });

describe("slack verifier (independent node:crypto HMAC)", () => {
  const secret = "8f742231b10e8888abcd99yyyzzz85a5";
  const event = { type: "event_callback", team_id: "T061", event_id: "Ev01", event_time: 1767225600 };
  const payload = JSON.stringify({ ...event, event: { type: "app_mention", text: "hi" } });
  const headersFor = (body: string, key = secret, ts = Math.floor(Date.now() / 1000)) => ({
    "X-Slack-Request-Timestamp": String(ts),
    "X-Slack-Signature": `v0=${createHmac("sha256", key).update(`v0:${ts}:${body}`).digest("hex")}`,
  });

  it("accepts a valid event callback and reports its facts", async () => {
    await expect(slackVerifier(inbound(payload, headersFor(payload)), { secret })).resolves.toEqual({
      ok: true,
      eventId: "Ev01",
      eventType: "app_mention",
      occurredAt: new Date("2026-01-01T00:00:00Z"),
      accountRef: "T061",
    });
  });

  it("treats a signed url_verification as a handshake, and an unsigned one as a mismatch", async () => {
    const body = JSON.stringify({ token: "x", challenge: "3eZbrw1aB", type: "url_verification" });
    const result = await slackVerifier(inbound(body, headersFor(body)), { secret });
    expect(result).toMatchObject({ ok: true, handshake: true, eventId: null });
    const forged = await slackVerifier(inbound(body, headersFor(body, "other-secret")), { secret });
    expect(forged).toEqual(failure("signature mismatch"));
  });

  it("refuses a tampered body, a wrong secret, a stale timestamp and missing headers", async () => {
    const { "X-Slack-Signature": _signature, ...noSignature } = headersFor(payload);
    const { "X-Slack-Request-Timestamp": _timestamp, ...noTimestamp } = headersFor(payload);
    const staleTs = Math.floor(Date.now() / 1000) - 301;
    const cases = [
      [inbound(tamper(payload), headersFor(payload)), "signature mismatch"],
      [inbound(payload, headersFor(payload, "wrong-secret")), "signature mismatch"],
      [inbound(payload, headersFor(payload, secret, staleTs)), "timestamp outside the tolerance window"],
      [
        inbound(payload, headersFor(payload, secret, staleTs + 602)),
        "timestamp outside the tolerance window",
      ],
      [inbound(payload, noSignature), "missing x-slack-signature"],
      [inbound(payload, noTimestamp), "missing x-slack-request-timestamp"],
      [inbound("token=x&command=/pay", headersFor("token=x&command=/pay")), "body is not valid JSON"],
    ] as const;
    for (const [request, reason] of cases) {
      await expect(slackVerifier(request, { secret })).resolves.toEqual(failure(reason));
    }
  });
});

describe("hubspot v3 verifier (signed and checked with @hubspot/api-client Signature)", () => {
  const clientSecret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
  const url = "https://plugboard.example/api/webhooks/hubspot/int_1?from=a%3Ab%2Cc";
  const signedUrl = "https://plugboard.example/api/webhooks/hubspot/int_1?from=a:b,c";
  const events = [
    { eventId: 101, portalId: 62515, occurredAt: 1767225600000, subscriptionType: "deal.creation" },
    { eventId: 102, portalId: 62515, occurredAt: 1767225660000, subscriptionType: "deal.propertyChange" },
  ];
  const payload = JSON.stringify(events);
  const sdkSignature = (requestBody: string, timestamp: number, secret = clientSecret) =>
    Signature.getSignature("POST", "v3", {
      signature: "",
      clientSecret: secret,
      requestBody,
      url: signedUrl,
      timestamp,
    });
  const headersFor = (body: string, timestamp = Date.now(), secret = clientSecret) => ({
    "X-HubSpot-Signature-v3": sdkSignature(body, timestamp, secret),
    "X-HubSpot-Request-Timestamp": String(timestamp),
  });
  const sdkAccepts = (body: string, headers: Record<string, string>) =>
    Signature.isValid({
      signatureVersion: "v3",
      signature: headers["X-HubSpot-Signature-v3"] ?? "",
      clientSecret,
      requestBody: body,
      method: "POST",
      url: signedUrl,
      timestamp: Number(headers["X-HubSpot-Request-Timestamp"]),
    });

  it("accepts a batch the SDK accepts, decoding the URI as HubSpot does", async () => {
    const headers = headersFor(payload);
    expect(sdkAccepts(payload, headers)).toBe(true);
    await expect(hubspotVerifier(inbound(payload, headers, url), { secret: clientSecret })).resolves.toEqual({
      ok: true,
      eventId: null,
      eventType: "deal.creation",
      occurredAt: new Date(1767225660000),
      accountRef: "62515",
    });
  });

  it("keeps the event id of a single-event delivery", async () => {
    const body = JSON.stringify([events[0]]);
    const result = await hubspotVerifier(inbound(body, headersFor(body), url), { secret: clientSecret });
    expect(result).toMatchObject({ ok: true, eventId: "101", occurredAt: new Date(1767225600000) });
  });

  it("agrees with the SDK on tampering and wrong secrets; refuses stale or missing headers", async () => {
    const headers = headersFor(payload);
    expect(sdkAccepts(tamper(payload), headers)).toBe(false);
    const tampered = await hubspotVerifier(inbound(tamper(payload), headers, url), { secret: clientSecret });
    expect(tampered).toEqual(failure("signature mismatch"));
    const wrong = headersFor(payload, Date.now(), "another-secret");
    expect(sdkAccepts(payload, wrong)).toBe(false);
    const forged = await hubspotVerifier(inbound(payload, wrong, url), { secret: clientSecret });
    expect(forged).toEqual(failure("signature mismatch"));
    const stale = headersFor(payload, Date.now() - 301_000);
    expect(() => sdkAccepts(payload, stale)).toThrow(/Timestamp is invalid/);
    const old = await hubspotVerifier(inbound(payload, stale, url), { secret: clientSecret });
    expect(old).toEqual(failure("timestamp outside the tolerance window"));
    const { "X-HubSpot-Signature-v3": _dropped, ...unsigned } = headers;
    const missing = await hubspotVerifier(inbound(payload, unsigned, url), { secret: clientSecret });
    expect(missing).toEqual(failure("missing x-hubspot-signature-v3"));
  });
});
