import { createHmac } from "node:crypto";
import { WebhooksHelper } from "square";
import { describe, expect, it } from "vitest";
import { billComVerifier } from "@/server/webhooks/inbound/verify/bill-com";
import { squareVerifier } from "@/server/webhooks/inbound/verify/square";
import { failure, inboundRequest, tamper } from "../helpers/inbound";

const notificationUrl = "https://plugboard.example/api/webhooks/square/int_1";
const inbound = (rawBody: string, headers: Record<string, string>, url = notificationUrl) =>
  inboundRequest(rawBody, headers, { url });
const sign = (message: string, key: string) => createHmac("sha256", key).update(message).digest("base64");
const secret = "signature-key-0123456789";

describe("square verifier (independent node:crypto HMAC, cross-checked with WebhooksHelper)", () => {
  const payload = JSON.stringify({
    merchant_id: "ML82H4QPKMGXY",
    type: "invoice.payment_made",
    event_id: "6a8f5f28-54a1-4eb0-a98a-3111513fd4fc",
    created_at: "2026-01-01T00:00:00Z",
    data: { type: "invoice", id: "inv:0-ChCHu2mZEabLeeHahQnXDjZQECY" },
  });
  /** What the SDK says about a delivery; it must be awaited (an un-awaited Promise is truthy). */
  const sdkAccepts = (requestBody: string, signatureHeader: string, url = notificationUrl) =>
    WebhooksHelper.verifySignature({
      requestBody,
      signatureHeader,
      signatureKey: secret,
      notificationUrl: url,
    });

  it("accepts what the SDK accepts and reports the notification's facts", async () => {
    const header = sign(`${notificationUrl}${payload}`, secret);
    await expect(sdkAccepts(payload, header)).resolves.toBe(true);
    const result = await squareVerifier(inbound(payload, { "x-square-hmacsha256-signature": header }), {
      secret,
    });
    expect(result).toEqual({
      ok: true,
      eventId: "6a8f5f28-54a1-4eb0-a98a-3111513fd4fc",
      eventType: "invoice.payment_made",
      occurredAt: new Date("2026-01-01T00:00:00Z"),
      accountRef: "ML82H4QPKMGXY",
    });
  });

  it("agrees with the SDK on a tampered body, another URL and a wrong key", async () => {
    const header = sign(`${notificationUrl}${payload}`, secret);
    const otherUrl = `${notificationUrl}?x=1`;
    const wrongKey = sign(`${notificationUrl}${payload}`, "another-key");
    const cases = [
      [tamper(payload), header, notificationUrl],
      [payload, header, otherUrl],
      [payload, wrongKey, notificationUrl],
    ] as const;
    for (const [body, signature, url] of cases) {
      await expect(sdkAccepts(body, signature, url)).resolves.toBe(false);
      const request = inbound(body, { "x-square-hmacsha256-signature": signature }, url);
      await expect(squareVerifier(request, { secret })).resolves.toEqual(failure("signature mismatch"));
    }
  });

  it("refuses a missing header and a signed non-JSON body", async () => {
    await expect(squareVerifier(inbound(payload, {}), { secret })).resolves.toEqual(
      failure("missing x-square-hmacsha256-signature"),
    );
    const header = sign(`${notificationUrl}{oops`, secret);
    const result = await squareVerifier(inbound("{oops", { "x-square-hmacsha256-signature": header }), {
      secret,
    });
    expect(result).toEqual(failure("body is not valid JSON"));
  });
});

describe("bill.com verifier (independent node:crypto HMAC)", () => {
  const metadata = {
    eventId: "625947c4",
    subscriptionId: "f6d0",
    organizationId: "00802DEV",
    eventType: "bill.created",
  };
  const payload = JSON.stringify({
    metadata: { ...metadata, version: "1" },
    bill: { id: "00n02", amount: 228.99, createdTime: "2026-01-01T23:15:23.127+00:00" },
  });
  const expected = {
    ok: true,
    eventId: "625947c4",
    eventType: "bill.created",
    occurredAt: new Date("2026-01-01T23:15:23.127Z"),
    accountRef: "00802DEV",
  };

  it("accepts a notification and reads its metadata, timing it by the resource", async () => {
    const result = await billComVerifier(
      inbound(payload, { "x-bill-sha-signature": sign(payload, secret) }),
      { secret },
    );
    expect(result).toEqual(expected);
  });

  it("accepts the JSON-escaped string form BILL documents", async () => {
    const escaped = JSON.stringify(payload);
    const result = await billComVerifier(
      inbound(escaped, { "x-bill-sha-signature": sign(escaped, secret) }),
      { secret },
    );
    expect(result).toEqual(expected);
  });

  it("refuses a tampered body, a wrong key, a missing header and a signed non-JSON body", async () => {
    const header = "x-bill-sha-signature";
    const cases = [
      [inbound(tamper(payload), { [header]: sign(payload, secret) }), "signature mismatch"],
      [inbound(payload, { [header]: sign(payload, "another-key") }), "signature mismatch"],
      [inbound(payload, {}), `missing ${header}`],
      [inbound("{oops", { [header]: sign("{oops", secret) }), "body is not valid JSON"],
      [inbound('"{oops"', { [header]: sign('"{oops"', secret) }), "body is not valid JSON"],
    ] as const;
    for (const [request, reason] of cases) {
      await expect(billComVerifier(request, { secret })).resolves.toEqual(failure(reason));
    }
  });
});
