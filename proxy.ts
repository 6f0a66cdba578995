// Runs before every route (pages, API, webhooks, 404s): security headers with a per-request CSP nonce,
// and a 400 for paths the router cannot decode.
import { type NextRequest, NextResponse } from "next/server";
import { pathProblemOf } from "@/server/http/request-path";
import { errorResponse } from "@/server/http/responses";
import { newNonce, securityHeaders } from "@/server/http/security-headers";

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const headers = securityHeaders(nonce);
  const problem = pathProblemOf(request.nextUrl.pathname);
  if (problem) return withHeaders(badPath(request.nextUrl.pathname, problem), headers);
  // Next reads the nonce from the request's policy and puts it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", headers["content-security-policy"]);
  requestHeaders.set("x-nonce", nonce);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), headers);
}

/** The standard 400 body for the API; a plain page (no scripts, nothing echoed) for everything else. */
function badPath(pathname: string, problem: string): Response {
  if (pathname === "/api" || pathname.startsWith("/api/"))
    return errorResponse("BAD_REQUEST", problem, { details: [{ field: "path", reason: problem }] });
  const page = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bad request · Plugboard</title></head><body><h1>Bad request</h1><p>${problem}.</p><p><a href="/">Back to the dashboard</a></p></body></html>`;
  return new Response(page, { status: 400, headers: { "content-type": "text/html; charset=utf-8" } });
}

function withHeaders<T extends Response>(response: T, headers: Record<string, string>): T {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Hashed build assets are immutable files with exact content types; every other path gets the headers.
  matcher: ["/((?!_next/static/|_next/image).*)"],
};
