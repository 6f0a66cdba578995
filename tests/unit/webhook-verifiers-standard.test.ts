import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { standardWebhooksVerifier } from "@/server/webhooks/inbound/verify/standard-webhooks";
import { epochSeconds, failure, inboundRequest, tamper } from "../helpers/inbound";

const inbound = (rawBody: string, headers: Record<string, string>, receivedAt = new Date()) =>
  inboundRequest(rawBody, headers, {
    url: "https://plugboard.example/api/webhooks/custom/int_1",
    receivedAt,
  });

describe("standard webhooks verifier (signed with the standardwebhooks package)", () => {
  const secret = `whsec_${randomBytes(24).toString("base64")}`;
  const payload = JSON.stringify({
    type: "invoice.sent",
    timestamp: "2026-01-02T03:04:05.000Z",
    data: { n: 1 },
  });
  const headersFor = (body: string, at = new Date(), key = secret, prefix = "webhook") => ({
    [`${prefix}-id`]: "msg_2x1",
    [`${prefix}-timestamp`]: String(epochSeconds(at)),
    [`${prefix}-signature`]: new Webhook(key).sign("msg_2x1", at, body),
  });

  it("accepts webhook-* headers and reports the message id, type and body timestamp", async () => {
    const result = await standardWebhooksVerifier(inbound(payload, headersFor(payload)), { secret });
    expect(result).toEqual({
      ok: true,
      eventId: "msg_2x1",
      eventType: "invoice.sent",
      occurredAt: new Date("2026-01-02T03:04:05.000Z"),
      accountRef: null,
    });
  });

  it("accepts svix-* headers (Resend) and several signatures during a rotation", async () => {
    const svix = headersFor(payload, new Date(), secret, "svix");
    await expect(standardWebhooksVerifier(inbound(payload, svix), { secret })).resolves.toMatchObject({
      ok: true,
    });
    const rotated = headersFor(payload);
    const old = new Webhook(`whsec_${randomBytes(24).toString("base64")}`).sign(
      "msg_2x1",
      new Date(),
      payload,
    );
    rotated["webhook-signature"] = `${old} ${rotated["webhook-signature"]}`;
    await expect(standardWebhooksVerifier(inbound(payload, rotated), { secret })).resolves.toMatchObject({
      ok: true,
    });
  });

  it("falls back to the header timestamp when the body has none", async () => {
    const body = JSON.stringify({ type: "ping" });
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    const result = await standardWebhooksVerifier(inbound(body, headersFor(body, at)), { secret });
    expect(result).toMatchObject({ ok: true, eventType: "ping", occurredAt: at });
  });

  it("refuses a tampered body, a wrong secret, a stale timestamp and missing headers", async () => {
    const other = `whsec_${randomBytes(24).toString("base64")}`;
    const stale = new Date(Date.now() - 301_000);
    const { "webhook-signature": _dropped, ...unsigned } = headersFor(payload);
    const { "svix-signature": _alsoDropped, ...svixUnsigned } = headersFor(
      payload,
      new Date(),
      secret,
      "svix",
    );
    const cases = [
      [inbound(tamper(payload), headersFor(payload)), "signature mismatch"],
      [inbound(payload, headersFor(payload, new Date(), other)), "signature mismatch"],
      [inbound(payload, headersFor(payload, stale)), "timestamp outside the tolerance window"],
      [inbound(payload, unsigned), "missing webhook-signature"],
      [inbound(payload, svixUnsigned), "missing svix-signature"],
      [inbound("{nope", headersFor("{nope")), "body is not valid JSON"],
    ] as const;
    for (const [request, reason] of cases) {
      await expect(standardWebhooksVerifier(request, { secret })).resolves.toEqual(failure(reason));
    }
  });
});
