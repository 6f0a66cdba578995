import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { ProviderError } from "@/server/providers/errors";
import type { AccountIdentity } from "@/server/providers/gateways/base";
import { type LocalProviderServer, unreachableUrl } from "./local-server";

/** What the shared failure cases need to know about one provider's gateway and its local server. */
export type ResilienceSubject = {
  server: () => LocalProviderServer;
  /** Validates good credentials against `apiBase` (default: the local server). */
  validate: (apiBase?: string) => Promise<AccountIdentity>;
  accountId: string;
  /** Requests one successful validation makes (a token exchange counts). */
  requestsPerValidation?: number;
  /** Extra headers on the injected 429 (Stripe marks retryable ones with Stripe-Should-Retry). */
  rateLimitHeaders?: Record<string, string>;
  /** The least time the retry after a `Retry-After: 1` must take; 1 s unless the client has its own schedule. */
  minimumRateLimitWaitMs?: number;
};

/** The error a promise rejects with, or a failure if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<ProviderError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(ProviderError);
  return outcome.error as ProviderError;
}

/** Registers the failure cases every gateway must handle: provider down, transient 5xx, 429 with Retry-After. */
export function itSurvivesProviderFailures(subject: ResilienceSubject): void {
  const requestsPerValidation = subject.requestsPerValidation ?? 1;

  it("reports an unreachable provider as unavailable and retryable", async () => {
    const error = await rejectionOf(subject.validate(await unreachableUrl()));
    expect(error).toMatchObject({ type: "unavailable", retryable: true });
  });

  it("retries two 500s and succeeds on the third attempt", async () => {
    const server = subject.server();
    const before = server.requests.length;
    server.failNext(2, 500);
    await expect(subject.validate()).resolves.toMatchObject({ accountId: subject.accountId });
    expect(server.requests.length - before).toBe(2 + requestsPerValidation);
  });

  it("waits out a 429 with Retry-After: 1 and then succeeds", async () => {
    const server = subject.server();
    const before = server.requests.length;
    server.failNext(1, 429, { "retry-after": "1", ...subject.rateLimitHeaders });
    const started = performance.now();
    await expect(subject.validate()).resolves.toMatchObject({ accountId: subject.accountId });
    expect(performance.now() - started).toBeGreaterThanOrEqual((subject.minimumRateLimitWaitMs ?? 1000) - 20);
    expect(server.requests.length - before).toBe(1 + requestsPerValidation);
  });
}

/** The URL of the first request `run` sends; every request is answered with `reply` and none leaves the process. */
export async function firstUrlFetched(run: () => Promise<unknown>, reply: unknown): Promise<string> {
  const fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation(async () => Response.json(reply));
  try {
    await run();
    return String(fetchSpy.mock.calls[0]?.[0]);
  } finally {
    fetchSpy.mockRestore();
  }
}

/** Starts a stand-in before the enclosing describe block's tests and closes it after them; returns a getter. */
export function useProviderServer<Server extends { close(): Promise<void> }>(
  start: () => Promise<Server>,
): () => Server {
  let server: Server | undefined;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(() => server?.close());
  return () => {
    if (!server) throw new Error("the provider stand-in did not start");
    return server;
  };
}
