import { execFileSync } from "node:child_process";
import { sign as rsaSign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPaypalVerifier } from "@/server/webhooks/inbound/verify/paypal";
import type { InboundRequest } from "@/server/webhooks/inbound/verify/types";
import { failure, tamper } from "../helpers/inbound";

const webhookId = "1JE4291016473214C";
const payload = JSON.stringify({
  id: "WH-2WR32451HC0233532-67976317FL4543714",
  event_type: "INVOICING.INVOICE.PAID",
  create_time: "2026-01-01T00:00:00.000Z",
  resource: { id: "INV2-ABCD", amount: 42 },
});
const webhookKey = { secret: webhookId };

/** A self-signed certificate from the openssl CLI, standing in for PayPal's signing certificate. */
function makeKeyPair(directory: string, name: string) {
  const key = path.join(directory, `${name}.key`);
  const cert = path.join(directory, `${name}.pem`);
  const args = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", `/CN=${name}.test`];
  execFileSync("openssl", [...args, "-keyout", key, "-out", cert], { stdio: "ignore" });
  return { privateKey: readFileSync(key, "utf8"), certificate: readFileSync(cert, "utf8") };
}

describe("paypal verifier (SHA256withRSA signed with node:crypto, certificate from a local server)", () => {
  const directory = mkdtempSync(path.join(tmpdir(), "paypal-verifier-"));
  const signer = makeKeyPair(directory, "signer");
  const impostor = makeKeyPair(directory, "impostor");
  const hits: string[] = [];
  let server: Server;
  let certUrl = "";

  beforeAll(async () => {
    server = createServer((request, response) => {
      hits.push(request.url ?? "");
      if (request.url !== "/v1/notifications/certs/CERT-1") return void response.writeHead(404).end();
      response.writeHead(200, { "content-type": "application/x-pem-file" }).end(signer.certificate);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    certUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/notifications/certs/CERT-1`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(directory, { recursive: true, force: true });
  });

  /** The five PayPal headers for a body, signed over id|time|webhookId|crc32 the way PayPal does. */
  function headersFor(body: string, options: { key?: string; id?: string; at?: Date; url?: string } = {}) {
    const transmissionId = "69cd13f0-d67a-11e5-baa3-778b53f4ae55";
    const time = (options.at ?? new Date()).toISOString();
    const crc = zlib.crc32(Buffer.from(body, "utf8")) >>> 0;
    const signed = `${transmissionId}|${time}|${options.id ?? webhookId}|${crc}`;
    const signature = rsaSign("RSA-SHA256", Buffer.from(signed), options.key ?? signer.privateKey);
    return {
      "paypal-transmission-id": transmissionId,
      "paypal-transmission-time": time,
      "paypal-transmission-sig": signature.toString("base64"),
      "paypal-cert-url": options.url ?? certUrl,
      "paypal-auth-algo": "SHA256withRSA",
    };
  }
  const inbound = (rawBody: string, headers: Record<string, string>) =>
    ({
      method: "POST",
      url: "https://plugboard.example/hook",
      headers: new Headers(headers),
      rawBody,
      receivedAt: new Date(),
    }) satisfies InboundRequest;

  it("accepts a valid delivery, fetching the certificate once and caching it", async () => {
    const verify = createPaypalVerifier({ allowedCertHosts: ["127.0.0.1"] });
    const before = hits.length;
    const expected = {
      ok: true,
      eventId: "WH-2WR32451HC0233532-67976317FL4543714",
      eventType: "INVOICING.INVOICE.PAID",
      occurredAt: new Date("2026-01-01T00:00:00.000Z"),
      accountRef: null,
    };
    await expect(verify(inbound(payload, headersFor(payload)), webhookKey)).resolves.toEqual(expected);
    await expect(verify(inbound(payload, headersFor(payload)), webhookKey)).resolves.toEqual(expected);
    expect(hits.length - before).toBe(1);
  });

  it("refuses a tampered body, another webhook id or key, a stale time and missing headers", async () => {
    const verify = createPaypalVerifier({ allowedCertHosts: ["127.0.0.1"] });
    const staleAt = new Date(Date.now() - 25 * 3_600_000);
    const { "paypal-cert-url": _dropped, ...noCertUrl } = headersFor(payload);
    const cases = [
      [inbound(tamper(payload), headersFor(payload)), "signature mismatch"],
      [inbound(payload, headersFor(payload, { id: "8PT597110X687430LKGECATA" })), "signature mismatch"],
      [inbound(payload, headersFor(payload, { key: impostor.privateKey })), "signature mismatch"],
      [inbound(payload, headersFor(payload, { at: staleAt })), "timestamp outside the tolerance window"],
      [
        inbound(payload, { ...headersFor(payload), "paypal-auth-algo": "SHA1withRSA" }),
        "unsupported paypal-auth-algo",
      ],
      [inbound(payload, noCertUrl), "missing paypal-cert-url"],
      [inbound(payload, {}), "missing paypal-transmission-id"],
      [inbound("{oops", headersFor("{oops")), "body is not valid JSON"],
    ] as const;
    for (const [request, reason] of cases) {
      await expect(verify(request, webhookKey)).resolves.toEqual(failure(reason));
    }
  });

  it("reports a certificate it cannot download", async () => {
    const verify = createPaypalVerifier({ allowedCertHosts: ["127.0.0.1"] });
    const missingCert = certUrl.replace("CERT-1", "CERT-404");
    const result = await verify(inbound(payload, headersFor(payload, { url: missingCert })), {
      secret: webhookId,
    });
    expect(result).toEqual(failure("certificate could not be loaded"));
  });
});
