import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";

/** A fresh, unguessable nonce for one response's Content-Security-Policy. */
export const newNonce = () => randomBytes(18).toString("base64");

type PolicyOptions = { nonce: string; development: boolean; https: boolean };

/**
 * The Content-Security-Policy of every response. Scripts run only with this response's nonce (Next
 * puts it on its own scripts when it finds it in the request's policy) and what they load
 * ('strict-dynamic'); nothing may frame the app. Style attributes stay allowed: React and Radix
 * render some (`style="pointer-events:none"`), and an attribute cannot carry a nonce or run script.
 * Development adds what React's dev tooling needs ('unsafe-eval', injected style elements).
 */
export function contentSecurityPolicy({ nonce, development, https }: PolicyOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** HSTS: two years, subdomains of the app's host included; only sent by production servers. */
export const strictTransportSecurity = "max-age=63072000; includeSubDomains";

/**
 * The security headers of every page and API response (set by proxy.ts): CSP with the nonce, no
 * framing, no MIME sniffing, origin-only referrers to other sites, HSTS in production.
 */
export function securityHeaders(
  nonce: string,
): { "content-security-policy": string } & Record<string, string> {
  const production = env.NODE_ENV === "production";
  return {
    "content-security-policy": contentSecurityPolicy({
      nonce,
      development: env.NODE_ENV === "development",
      https: new URL(env.BETTER_AUTH_URL).protocol === "https:",
    }),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    ...(production ? { "strict-transport-security": strictTransportSecurity } : {}),
  };
}
