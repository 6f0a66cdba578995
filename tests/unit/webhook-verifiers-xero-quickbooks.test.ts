import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { quickbooksVerifier } from "@/server/webhooks/inbound/verify/quickbooks";
import type { Verifier } from "@/server/webhooks/inbound/verify/types";
import { xeroVerifier } from "@/server/webhooks/inbound/verify/xero";
import { inboundRequest, tamper } from "../helpers/inbound";

const inbound = (rawBody: string, headers: Record<string, string>) => inboundRequest(rawBody, headers);
const sign = (body: string, key: string) => createHmac("sha256", key).update(body).digest("base64");
const secret = "webhook-key-0123456789";

/** The refusals every body-HMAC scheme owes: tampered, wrong key, missing header, unparseable body. */
function refusalCases(name: string, verify: Verifier, header: string, payload: string) {
  it(`${name}: refuses a tampered body, a wrong key, a missing header and a non-JSON body`, async () => {
    expect(tamper(payload)).not.toBe(payload);
    const cases = [
      [inbound(tamper(payload), { [header]: sign(payload, secret) }), "signature mismatch"],
      [inbound(payload, { [header]: sign(payload, "another-key") }), "signature mismatch"],
      [inbound(payload, {}), `missing ${header}`],
      [inbound("{oops", { [header]: sign("{oops", secret) }), "body is not valid JSON"],
    ] as const;
    for (const [request, reason] of cases) {
      await expect(verify(request, { secret })).resolves.toEqual({ ok: false, reason });
    }
  });
}

describe("xero verifier (independent node:crypto HMAC)", () => {
  const event = (minute: number, type = "UPDATE") => ({
    resourceUrl: "https://api.xero.com/api.xro/2.0/Invoices/1",
    resourceId: "1",
    eventDateUtc: `2026-01-01T00:0${minute}:00.000`,
    eventType: type,
    eventCategory: "INVOICE",
    tenantId: `tenant-${minute}`,
    tenantType: "ORGANISATION",
  });
  const batch = (events: unknown[]) =>
    JSON.stringify({ events, firstEventSequence: 1, lastEventSequence: 2, entropy: "S0MERANDOM" });
  const payload = batch([event(1), event(3, "CREATE")]);

  it("accepts a batch: no event id, latest event date, first tenant", async () => {
    const result = await xeroVerifier(inbound(payload, { "x-xero-signature": sign(payload, secret) }), {
      secret,
    });
    expect(result).toEqual({
      ok: true,
      eventId: null,
      eventType: "xero.batch",
      occurredAt: new Date("2026-01-01T00:03:00.000"),
      accountRef: "tenant-1",
    });
  });

  it("names a single event by category and type", async () => {
    const body = batch([event(2)]);
    const result = await xeroVerifier(inbound(body, { "x-xero-signature": sign(body, secret) }), { secret });
    expect(result).toMatchObject({ ok: true, eventType: "INVOICE.UPDATE", accountRef: "tenant-2" });
  });

  it("intent to receive: a signed empty batch is a handshake, a badly signed one is refused", async () => {
    const body = batch([]);
    const good = await xeroVerifier(inbound(body, { "x-xero-signature": sign(body, secret) }), { secret });
    expect(good).toEqual({
      ok: true,
      eventId: null,
      eventType: null,
      occurredAt: null,
      accountRef: null,
      handshake: true,
    });
    const bad = await xeroVerifier(inbound(body, { "x-xero-signature": sign(body, "wrong") }), { secret });
    expect(bad).toEqual({ ok: false, reason: "signature mismatch" });
  });

  refusalCases("xero", xeroVerifier, "x-xero-signature", payload);
});

describe("quickbooks verifier (independent node:crypto HMAC)", () => {
  const entity = (id: string, at: string) => ({ name: "Invoice", id, operation: "Update", lastUpdated: at });
  const legacy = JSON.stringify({
    eventNotifications: [
      { realmId: "310687", dataChangeEvent: { entities: [entity("1", "2026-01-01T00:00:00.000Z")] } },
      { realmId: "999", dataChangeEvent: { entities: [entity("2", "2026-01-01T00:05:00.000Z")] } },
    ],
  });

  it("accepts the legacy format: no event id, latest lastUpdated, first realm", async () => {
    const result = await quickbooksVerifier(inbound(legacy, { "intuit-signature": sign(legacy, secret) }), {
      secret,
    });
    expect(result).toEqual({
      ok: true,
      eventId: null,
      eventType: "quickbooks.data_change",
      occurredAt: new Date("2026-01-01T00:05:00.000Z"),
      accountRef: "310687",
    });
  });

  it("accepts the CloudEvents format, keeping a single event's id and type", async () => {
    const cloud = JSON.stringify([
      {
        specversion: "1.0",
        id: "88cd52aa",
        type: "qbo.invoice.updated.v1",
        time: "2026-01-01T00:00:01Z",
        intuitaccountid: "310687",
      },
    ]);
    const result = await quickbooksVerifier(inbound(cloud, { "intuit-signature": sign(cloud, secret) }), {
      secret,
    });
    expect(result).toEqual({
      ok: true,
      eventId: "88cd52aa",
      eventType: "qbo.invoice.updated.v1",
      occurredAt: new Date("2026-01-01T00:00:01Z"),
      accountRef: "310687",
    });
  });

  refusalCases("quickbooks", quickbooksVerifier, "intuit-signature", legacy);
});
