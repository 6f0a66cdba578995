import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { stripeVerifier } from "@/server/webhooks/inbound/verify/stripe";
import { epochSeconds, failure, inboundRequest, tamper } from "../helpers/inbound";

const inbound = (rawBody: string, headers: Record<string, string>, receivedAt = new Date()) =>
  inboundRequest(rawBody, headers, {
    url: "https://plugboard.example/api/webhooks/stripe/int_1",
    receivedAt,
  });

describe("stripe verifier (signed with stripe.webhooks.generateTestHeaderString)", () => {
  const secret = `whsec_${randomBytes(16).toString("hex")}`;
  const event = {
    id: "evt_1",
    object: "event",
    type: "invoice.paid",
    created: 1767225600,
    account: "acct_9",
  };
  const payload = JSON.stringify({ ...event, data: { object: { id: "in_1" } } });
  const sign = (body: string, key = secret, at = new Date()) =>
    Stripe.webhooks.generateTestHeaderString({ payload: body, secret: key, timestamp: epochSeconds(at) });

  it("accepts a valid delivery and reports the event's facts", async () => {
    const result = await stripeVerifier(inbound(payload, { "Stripe-Signature": sign(payload) }), { secret });
    expect(result).toEqual({
      ok: true,
      eventId: "evt_1",
      eventType: "invoice.paid",
      occurredAt: new Date("2026-01-01T00:00:00Z"),
      accountRef: "acct_9",
    });
  });

  it("reports a null account for platform events", async () => {
    const body = JSON.stringify({ ...event, account: undefined });
    const result = await stripeVerifier(inbound(body, { "stripe-signature": sign(body) }), { secret });
    expect(result).toMatchObject({ ok: true, accountRef: null });
  });

  it("refuses a tampered body, a wrong secret, a stale timestamp and a missing header", async () => {
    const header = sign(payload);
    expect(tamper(payload)).not.toBe(payload);
    const cases = [
      [inbound(tamper(payload), { "stripe-signature": header }), secret, "signature mismatch"],
      [inbound(payload, { "stripe-signature": header }), `whsec_${"0".repeat(32)}`, "signature mismatch"],
      [inbound(payload, { "stripe-signature": "t=1,v0=abc" }), secret, "signature mismatch"],
      [
        inbound(payload, { "stripe-signature": sign(payload, secret, new Date(Date.now() - 301_000)) }),
        secret,
        "timestamp outside the tolerance window",
      ],
      [inbound(payload, {}), secret, "missing stripe-signature"],
    ] as const;
    for (const [request, key, reason] of cases) {
      await expect(stripeVerifier(request, { secret: key })).resolves.toEqual(failure(reason));
    }
  });

  it("measures the tolerance from receipt, not from when verification runs", async () => {
    const receivedAt = new Date(Date.now() - 3_600_000);
    const header = sign(payload, secret, new Date(receivedAt.getTime() - 10_000));
    const result = await stripeVerifier(inbound(payload, { "stripe-signature": header }, receivedAt), {
      secret,
    });
    expect(result.ok).toBe(true);
  });

  it("refuses a validly signed body that is not JSON", async () => {
    const body = "{not json";
    const result = await stripeVerifier(inbound(body, { "stripe-signature": sign(body) }), { secret });
    expect(result).toEqual(failure("body is not valid JSON"));
  });
});
