import { verify, X509Certificate } from "node:crypto";
import { providerSettings } from "@/lib/env";
import {
  crc32,
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
 * PayPal signs `${transmissionId}|${transmissionTime}|${webhookId}|${crc32(rawBody)}` (CRC-32 as an
 * unsigned decimal) with SHA256withRSA and sends it base64 in `paypal-transmission-sig`, with the
 * signing certificate's URL in `paypal-cert-url`. key.secret is our webhook id (from the developer
 * dashboard), so a delivery meant for another webhook fails. The certificate is only fetched over https
 * from *.paypal.com, or from the host of PAYPAL_API_BASE when that override points at a sandbox.
 * PayPal sets no replay window; we refuse transmission times more than 24 h from receipt (retries span
 * about three days, but each retry carries a fresh transmission time and signature).
 * https://developer.paypal.com/api/rest/webhooks/rest/#link-eventnotificationverification
 */

const headerNames = [
  "paypal-transmission-id",
  "paypal-transmission-time",
  "paypal-transmission-sig",
  "paypal-cert-url",
  "paypal-auth-algo",
] as const;
type HeaderName = (typeof headerNames)[number];

const DAY_MS = 24 * 60 * 60 * 1000;
const cacheLimit = 20;

export type PaypalVerifierOptions = {
  /** Exact hostnames trusted besides https *.paypal.com; defaults to the PAYPAL_API_BASE override's host. */
  allowedCertHosts?: string[];
  /** Downloads a certificate as PEM; defaults to fetch with no redirects and a 5 s timeout. */
  fetchCertificate?: (url: string) => Promise<string>;
};

/** The PAYPAL_API_BASE override's host, so a sandbox or mock can serve its own certificate. */
function overrideHosts(): string[] {
  const base = providerSettings.PAYPAL_API_BASE;
  return base ? [new URL(base).hostname] : [];
}

/** Whether a certificate URL may be fetched at all: https on PayPal's domain, or an allowed host. */
function certUrlAllowed(raw: string, extraHosts: string[]): boolean {
  if (!URL.canParse(raw)) return false;
  const url = new URL(raw);
  if (url.username || url.password) return false;
  if (url.protocol === "https:" && url.hostname.endsWith(".paypal.com")) return true;
  return (url.protocol === "https:" || url.protocol === "http:") && extraHosts.includes(url.hostname);
}

/** Default certificate download: a redirect could leave PayPal's domain, so none are followed. */
async function downloadCertificate(url: string): Promise<string> {
  const response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`certificate download answered ${response.status}`);
  return response.text();
}

/** Builds a PayPal verifier with its own certificate cache (by URL, 24 h, at most 20 entries). */
export function createPaypalVerifier(options: PaypalVerifierOptions): Verifier {
  const extraHosts = options.allowedCertHosts ?? overrideHosts();
  const fetchCertificate = options.fetchCertificate ?? downloadCertificate;
  const cache = new Map<string, { certificate: X509Certificate; expiresAt: number }>();

  async function certificateFor(url: string): Promise<X509Certificate> {
    const cached = cache.get(url);
    if (cached && cached.expiresAt > Date.now()) return cached.certificate;
    const certificate = new X509Certificate(await fetchCertificate(url));
    cache.delete(url);
    const oldest = cache.keys().next();
    if (cache.size >= cacheLimit && !oldest.done) cache.delete(oldest.value);
    cache.set(url, { certificate, expiresAt: Date.now() + DAY_MS });
    return certificate;
  }

  return guarded(async (request, key) => {
    for (const name of headerNames) if (!request.headers.get(name)?.trim()) return missing(name);
    const header = (name: HeaderName) => request.headers.get(name)?.trim() ?? "";
    if (header("paypal-auth-algo") !== "SHA256withRSA") return reject("unsupported paypal-auth-algo");
    const sentAt = toDate(header("paypal-transmission-time"));
    if (!withinWindow(sentAt, request.receivedAt, DAY_MS)) return reject(reasons.stale);
    const certUrl = header("paypal-cert-url");
    if (!certUrlAllowed(certUrl, extraHosts)) return reject("certificate URL not on PayPal's domain");
    const certificate = await certificateFor(certUrl).catch(() => null);
    if (!certificate) return reject("certificate could not be loaded");
    const validFrom = new Date(certificate.validFrom);
    if (request.receivedAt < validFrom || request.receivedAt > new Date(certificate.validTo)) {
      return reject("certificate is not valid at this time");
    }
    const transmission = `${header("paypal-transmission-id")}|${header("paypal-transmission-time")}`;
    const signed = `${transmission}|${key.secret}|${crc32(request.rawBody)}`;
    const signature = Buffer.from(header("paypal-transmission-sig"), "base64");
    if (!verify("RSA-SHA256", Buffer.from(signed, "utf8"), certificate.publicKey, signature)) {
      return reject(reasons.mismatch);
    }
    const body = parseJson(request.rawBody);
    if (!body.ok) return reject(reasons.badJson);
    return {
      ok: true,
      eventId: text(pick(body.value, "id")),
      eventType: text(pick(body.value, "event_type")),
      occurredAt: toDate(pick(body.value, "create_time")),
      accountRef: null,
    };
  });
}

/** PayPal's SHA256withRSA signature; certificates only from PayPal or the PAYPAL_API_BASE host. */
export const paypalVerifier: Verifier = createPaypalVerifier({});
