import { describe, expect, it, vi } from "vitest";
import { createPaypalVerifier, paypalVerifier } from "@/server/webhooks/inbound/verify/paypal";
import type { InboundRequest } from "@/server/webhooks/inbound/verify/types";

/*
 * Where the PayPal verifier may fetch a signing certificate from. These deliveries carry a dummy
 * signature: the point is which URLs reach the fetcher at all, which happens before any RSA check.
 */

const webhookKey = { secret: "1JE4291016473214C" };
const payload = JSON.stringify({ id: "WH-1", event_type: "PAYMENT.CAPTURE.COMPLETED" });
const inbound = (certUrl: string): InboundRequest => ({
  method: "POST",
  url: "https://plugboard.example/hook",
  headers: new Headers({
    "paypal-transmission-id": "69cd13f0-d67a-11e5-baa3-778b53f4ae55",
    "paypal-transmission-time": new Date().toISOString(),
    "paypal-transmission-sig": Buffer.from("not a real signature").toString("base64"),
    "paypal-cert-url": certUrl,
    "paypal-auth-algo": "SHA256withRSA",
  }),
  rawBody: payload,
  receivedAt: new Date(),
});
const offDomain = { ok: false, reason: "certificate URL not on PayPal's domain" };
const unloadable = { ok: false, reason: "certificate could not be loaded" };

describe("paypal certificate hosts", () => {
  it("refuses certificate URLs off PayPal's domain without fetching them", async () => {
    const fetchCertificate = vi.fn(async () => "unused");
    const verify = createPaypalVerifier({ fetchCertificate });
    const urls = [
      "http://127.0.0.1:8443/v1/notifications/certs/CERT-1",
      "https://evil.example/certs/CERT-1",
      "https://api.paypal.com.evil.example/certs/CERT-1",
      "https://evilpaypal.com/certs/CERT-1",
      "http://api.paypal.com/v1/notifications/certs/CERT-1",
      "https://user:pw@api.paypal.com/v1/notifications/certs/CERT-1",
      "not a url",
    ];
    for (const url of urls) await expect(verify(inbound(url), webhookKey)).resolves.toEqual(offDomain);
    expect(fetchCertificate).not.toHaveBeenCalled();
  });

  it("fetches from PayPal's own hosts over https (and reports a certificate it cannot parse)", async () => {
    const fetchCertificate = vi.fn(async () => "not a certificate");
    const verify = createPaypalVerifier({ fetchCertificate });
    for (const url of [
      "https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270",
      "https://api-m.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-5edc0ebc",
    ]) {
      await expect(verify(inbound(url), webhookKey)).resolves.toEqual(unloadable);
      expect(fetchCertificate).toHaveBeenLastCalledWith(url);
    }
  });

  it("trusts an extra host only by exact name", async () => {
    const fetchCertificate = vi.fn(async () => "not a certificate");
    const verify = createPaypalVerifier({ allowedCertHosts: ["paypal-mock.internal"], fetchCertificate });
    const allowed = "http://paypal-mock.internal:4010/v1/notifications/certs/CERT-1";
    await expect(verify(inbound(allowed), webhookKey)).resolves.toEqual(unloadable);
    const sibling = "http://x.paypal-mock.internal/v1/notifications/certs/CERT-1";
    await expect(verify(inbound(sibling), webhookKey)).resolves.toEqual(offDomain);
    expect(fetchCertificate).toHaveBeenCalledTimes(1);
  });

  it("the default verifier refuses a local certificate host before any network call", async () => {
    const local = "http://127.0.0.1:1/v1/notifications/certs/CERT-1";
    await expect(paypalVerifier(inbound(local), webhookKey)).resolves.toEqual(offDomain);
  });
});
