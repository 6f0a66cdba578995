import { env } from "@/lib/env";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origins the app is served from: BETTER_AUTH_URL and TRUSTED_ORIGINS (exact origins). */
export function trustedOrigins(): Set<string> {
  const origins = new Set<string>();
  for (const entry of [env.BETTER_AUTH_URL, ...env.TRUSTED_ORIGINS]) {
    if (URL.canParse(entry)) origins.add(new URL(entry).origin);
  }
  return origins;
}

/**
 * Whether a request may change state on the strength of the browser's cookies: a safe method, or
 * sent by a page of the app itself (its Origin is trusted, or the browser says Sec-Fetch-Site:
 * same-origin). A page of another site can make the browser send our cookies, but not these headers.
 */
export function isTrustedForCookies(method: string, headers: Headers): boolean {
  if (safeMethods.has(method.toUpperCase())) return true;
  if (headers.get("sec-fetch-site") === "same-origin") return true;
  const origin = headers.get("origin");
  return origin !== null && trustedOrigins().has(origin);
}
