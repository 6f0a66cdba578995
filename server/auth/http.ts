import { z } from "zod";
import { type ErrorKind, errorBody } from "@/lib/errors";
import { kindOfStatus } from "@/server/api/errors";
import { getDb } from "@/server/db/client";
import { readBodyCapped } from "@/server/http/body";
import { clientAddressOf } from "@/server/http/client-address";
import { logger } from "@/server/logger";
import type { Auth } from "./index";
import { TRUSTED_ADDRESS_HEADER } from "./options";
import { lockedForSeconds, recordFailedSignIn, recordSuccessfulSignIn } from "./sign-in-backoff";

const signInBody = z.object({ email: z.string().min(1).max(320) });
const libraryError = z.object({ message: z.string().optional(), code: z.string().optional() });

/**
 * Serves /api/auth/* through better-auth with three guards around it: the caller's address is the
 * trusted one (TRUSTED_PROXY_HOPS), email sign-in backs off per account, and every error is the
 * standard ErrorResponse (with better-auth's `code` kept for its client).
 */
export async function handleAuthRequest(auth: Auth, req: Request): Promise<Response> {
  const headers = new Headers(req.headers);
  // Whatever a caller sent under our header is dropped; better-auth reads its address only from it.
  headers.delete(TRUSTED_ADDRESS_HEADER);
  const address = clientAddressOf(req.headers);
  if (address) headers.set(TRUSTED_ADDRESS_HEADER, address);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const body = hasBody ? await readBodyCapped(req, MAX_BODY_BYTES) : undefined;
  if (body === null)
    return Response.json(
      errorBody("PAYLOAD_TOO_LARGE", `Auth requests carry at most ${MAX_BODY_BYTES} bytes`),
      {
        status: 413,
      },
    );
  const forwarded = new Request(req.url, { method: req.method, headers, body });

  const isEmailSignIn = req.method === "POST" && new URL(req.url).pathname.endsWith("/sign-in/email");
  const email = isEmailSignIn ? emailOf(body) : null;
  if (!email) return standardError(await auth.handler(forwarded));

  const db = await getDb();
  const locked = await lockedForSeconds(db, email);
  if (locked > 0) return accountLocked(locked);
  const response = await auth.handler(forwarded);
  if (response.status === 401) {
    const failure = await recordFailedSignIn(db, email);
    if (failure?.lockedUntil) logger.warn({ failures: failure.failures }, "sign-in locked for an account");
  } else if (response.ok) {
    await recordSuccessfulSignIn(db, email);
  }
  return standardError(response);
}

/** Auth bodies are a few fields: more than this is refused without being read whole. */
const MAX_BODY_BYTES = 64 * 1024;

function emailOf(body: string | undefined): string | null {
  try {
    const parsed = signInBody.safeParse(JSON.parse(body ?? ""));
    return parsed.success ? parsed.data.email : null;
  } catch {
    return null;
  }
}

function accountLocked(seconds: number) {
  return Response.json(
    {
      ...errorBody(
        "TOO_MANY_REQUESTS",
        `Too many failed sign-ins for this account. Try again in ${seconds} seconds, or reset your password.`,
      ),
      code: "ACCOUNT_LOCKED",
    },
    { status: 429, headers: { "retry-after": String(seconds) } },
  );
}

/** better-auth's own error bodies (`{message, code}`, or plain text) as the standard ErrorResponse. */
async function standardError(response: Response): Promise<Response> {
  if (response.status < 400) return response;
  const text = await response.text();
  let parsed: z.infer<typeof libraryError> = {};
  try {
    parsed = libraryError.parse(JSON.parse(text));
  } catch {
    parsed = {};
  }
  const kind: ErrorKind =
    kindOfStatus(response.status) === "INTERNAL" && response.status < 500
      ? "BAD_REQUEST"
      : kindOfStatus(response.status);
  const message =
    kind === "INTERNAL"
      ? "Internal server error"
      : parsed.message || (response.status === 404 ? "Not found" : text.slice(0, 200) || "Request failed");
  const body = { ...errorBody(kind, message), ...(parsed.code ? { code: parsed.code } : {}) };
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  headers.set("content-type", "application/json");
  const retryAfter = response.headers.get("x-retry-after");
  if (retryAfter && !headers.has("retry-after")) headers.set("retry-after", retryAfter);
  return new Response(JSON.stringify(body), { status: body.statusCode, headers });
}
