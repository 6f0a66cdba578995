import { env } from "@/lib/env";

/**
 * Which browser origins may sign in. In production: BETTER_AUTH_URL and TRUSTED_ORIGINS, nothing
 * else. In development the server may listen on any port (`npm run dev -- -p 3100`, or the next
 * free port when 3000 is busy), so it also trusts the loopback origin it actually listens on
 * (`PORT`, which `next dev` sets once it has a port) and a request's own loopback Host.
 */
export function configuredOrigins(): string[] {
  return [new URL(env.BETTER_AUTH_URL).origin, ...env.TRUSTED_ORIGINS];
}

const loopbackHost = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

export function trustedOrigins(request?: Request): string[] {
  const origins = configuredOrigins();
  if (env.NODE_ENV !== "development") return origins;
  const port = process.env.PORT;
  if (port && /^\d{1,5}$/.test(port)) {
    for (const host of ["localhost", "127.0.0.1", "[::1]"]) origins.push(`http://${host}:${port}`);
  }
  const host = request?.headers.get("host");
  if (host && loopbackHost.test(host)) origins.push(`http://${host.toLowerCase()}`);
  return origins;
}

/** One line for the start log and for a refused sign-in: which origins this server accepts. */
export function originsNotice(): string {
  const extra = env.TRUSTED_ORIGINS.length ? ` and TRUSTED_ORIGINS (${env.TRUSTED_ORIGINS.join(", ")})` : "";
  return `Sign-in is accepted from ${new URL(env.BETTER_AUTH_URL).origin} (BETTER_AUTH_URL)${extra}.`;
}

/**
 * better-auth answers a sign-in from an untrusted origin with a bare 403 "Invalid origin". Says which
 * origin was refused and which BETTER_AUTH_URL / TRUSTED_ORIGINS the server expects instead.
 */
export async function explainRefusedOrigin(request: Request, response: Response): Promise<Response> {
  if (response.status !== 403) return response;
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => null);
  const code = typeof body === "object" && body !== null && "code" in body ? body.code : undefined;
  if (code !== "INVALID_ORIGIN") return response;
  const origin = request.headers.get("origin") ?? "this address";
  const message = `${origin} is not a trusted origin. ${originsNotice()} Open the app at that address, or set BETTER_AUTH_URL (or add ${origin} to TRUSTED_ORIGINS) and restart.`;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify({ ...(body as object), message }), { status: 403, headers });
}
