import { sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import * as authRoute from "@/app/api/auth/[...all]/route";
import * as trpcRoute from "@/app/api/trpc/[trpc]/route";
import { getDb } from "@/server/db/client";
import { rateLimit, signInFailure } from "@/server/db/schema";
import { startWorker, stopWorker } from "@/server/jobs/worker";
import { firstLinkIn } from "./mailbox";

export const origin = "http://localhost:3000";

/** Calls the real /api/auth route handler in-process, as a browser on our origin would. */
export function authCall(
  path: string,
  init: { method?: "GET" | "POST"; body?: unknown; cookie?: string; headers?: Record<string, string> } = {},
) {
  const method = init.method ?? (init.body === undefined ? "GET" : "POST");
  const headers = new Headers({ origin, ...init.headers });
  if (init.cookie) headers.set("cookie", init.cookie);
  if (method === "POST") headers.set("content-type", "application/json");
  const request = new Request(new URL(path.startsWith("/api/") ? path : `/api/auth${path}`, origin), {
    method,
    headers,
    body: method === "POST" ? JSON.stringify(init.body ?? {}) : undefined,
  });
  return method === "POST" ? authRoute.POST(request) : authRoute.GET(request);
}

/** The session cookie a response set (name=value pairs), merged over an earlier one. */
export function cookieFrom(response: Response, earlier = "") {
  const jar = new Map(
    earlier
      .split("; ")
      .filter(Boolean)
      .map((pair) => [pair.split("=")[0] ?? "", pair] as const),
  );
  for (const entry of response.headers.getSetCookie()) {
    const pair = entry.split(";")[0] ?? "";
    jar.set(pair.split("=")[0] ?? "", pair);
  }
  return [...jar.values()].join("; ");
}

/** Calls one tRPC procedure through the real route handler with a session cookie. */
export async function trpcCall(
  procedure: string,
  cookie: string,
  input?: unknown,
  kind: "query" | "mutation" = "query",
) {
  const headers = new Headers({ origin, cookie, "content-type": "application/json" });
  const payload = JSON.stringify({ json: input });
  const query = input === undefined ? "" : `?input=${encodeURIComponent(payload)}`;
  const request =
    kind === "query"
      ? new Request(`${origin}/api/trpc/${procedure}${query}`, { headers })
      : new Request(`${origin}/api/trpc/${procedure}`, { method: "POST", headers, body: payload });
  const response = await (kind === "query" ? trpcRoute.GET(request) : trpcRoute.POST(request));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The job worker, so mail goes out the production way: email.send job → SMTP → the test mailbox. */
export async function startMailWorker(): Promise<PgBoss> {
  return startWorker();
}
export const stopMailWorker = (boss: PgBoss) => stopWorker(boss);

/** Waits for the n-th message to an address in the SMTP mailbox and returns its first link to pathPart. */
export async function mailedLink(to: string, pathPart: string, nth = 1, timeoutMs = 20_000): Promise<string> {
  const mailbox = process.env.MAILBOX_URL;
  if (!mailbox) throw new Error("MAILBOX_URL is not set (security suite setup)");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const messages = (await (await fetch(`${mailbox}/messages?to=${encodeURIComponent(to)}`)).json()) as {
      raw: string;
    }[];
    const links = messages.map((message) => firstLinkIn(message.raw, pathPart)).filter(Boolean) as string[];
    if (links.length >= nth) return links[nth - 1] as string;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no mail to ${to} with a link to ${pathPart} within ${timeoutMs} ms`);
}

/** Messages the mailbox holds for an address. */
export async function mailCount(to: string) {
  const mailbox = process.env.MAILBOX_URL ?? "";
  return ((await (await fetch(`${mailbox}/messages?to=${encodeURIComponent(to)}`)).json()) as unknown[])
    .length;
}

/** Each security file starts with fresh throttles: they are shared by the whole run's database. */
export async function resetAuthThrottles() {
  const db = await getDb();
  await db.delete(rateLimit).where(sql`true`);
  await db.delete(signInFailure).where(sql`true`);
}
