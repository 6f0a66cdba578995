import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import {
  bearerTokenOf,
  type LocalProviderServer,
  type ProviderReply,
  type RecordedRequest,
  startLocalProviderServer,
  unreachableUrl,
} from "./local-server";
import { specsDirectory } from "./specs-dir";
import { xeroOrganisations } from "./xero-connections-server";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const xeroSpecPath = path.join(specsDirectory, "xero_accounting.decycled.yaml");
const prismCli = path.resolve(repoRoot, "node_modules/@stoplight/prism-cli/dist/index.js");
const accountingPrefix = "/api.xro/2.0";

/** What Prism answered to one forwarded request: any 4xx here means Xero's spec rejected what we sent. */
export type PrismAnswer = { method: string; path: string; status: number; body: unknown };

export type XeroPrism = LocalProviderServer & {
  /** Every request that reached Prism, with its answer. */
  forwarded: PrismAnswer[];
  /** Rewrites Prism's next successful JSON answer (e.g. the spec's example invoice with another Status). */
  rewriteNext(transform: (body: Record<string, unknown>) => unknown): void;
  /** Answers the next request matching `method path` with `reply` instead of forwarding it. */
  failNextMatching(method: string, pathPattern: RegExp, reply: ProviderReply): void;
};

/**
 * Xero's accounting API as its official OpenAPI document describes it: Prism (`--errors`) validates every
 * request and answers with the spec's examples, behind a front server on 127.0.0.1 that
 * - serves the API under `/api.xro/2.0` like api.xero.com (Prism serves the spec's paths at its root),
 * - answers `GET /connections` (the identity API) for the organisations in xero-connections-server,
 * - checks the bearer token against `accessTokens` and answers a wrong one with Xero's 401,
 * - drops the body of GET requests: xero-node sends `data: {}` (a `{}` JSON body) on every GET, which
 *   api.xero.com ignores but Prism rejects under `--errors`,
 * - records every request, and injects failures (failNext, failNextMatching) in Xero's error shapes.
 */
export async function startXeroPrism(options: { accessTokens: string[] }): Promise<XeroPrism> {
  const prism = await startPrism();
  const forwarded: PrismAnswer[] = [];
  const rewrites: Array<(body: Record<string, unknown>) => unknown> = [];
  const planned: Array<{ method: string; pathPattern: RegExp; reply: ProviderReply }> = [];

  const handle = async (request: RecordedRequest): Promise<ProviderReply> => {
    const token = bearerTokenOf(request);
    if (!token || !options.accessTokens.includes(token)) return xeroUnauthorized;
    const plannedIndex = planned.findIndex(
      (plan) => plan.method === request.method && plan.pathPattern.test(request.path),
    );
    const [plan] = plannedIndex >= 0 ? planned.splice(plannedIndex, 1) : [];
    if (plan) return plan.reply;
    if (request.method === "GET" && request.path === "/connections") {
      return { status: 200, body: xeroOrganisations };
    }
    if (!request.path.startsWith(`${accountingPrefix}/`)) {
      return { status: 404, body: { Title: "Not Found", Status: 404 } };
    }
    const answer = await forward(prism.url, request);
    forwarded.push(answer);
    const rewrite = answer.status < 300 && isRecord(answer.body) ? rewrites.shift() : undefined;
    return {
      status: answer.status,
      body: rewrite && isRecord(answer.body) ? rewrite(answer.body) : answer.body,
    };
  };

  const server = await startLocalProviderServer({ handle, errorBody: xeroErrorBody });
  return {
    ...server,
    forwarded,
    rewriteNext: (transform) => rewrites.push(transform),
    failNextMatching: (method, pathPattern, reply) => planned.push({ method, pathPattern, reply }),
    close: async () => {
      await server.close();
      await prism.close();
    },
  };
}

/** Starts Prism when the test file starts without waiting for it (other cases run meanwhile); the getter waits. */
export function xeroPrismInBackground(options: { accessTokens: string[] }): () => Promise<XeroPrism> {
  let starting: Promise<XeroPrism> | undefined;
  beforeAll(() => {
    starting = startXeroPrism(options);
    starting.catch(() => undefined); // a failure is reported where the getter is awaited
  });
  afterAll(async () => (await starting?.catch(() => undefined))?.close());
  return () => starting ?? Promise.reject(new Error("Prism was not started"));
}

/** A Xero validation failure as the accounting API answers it (HTTP 400, `ValidationException`). */
export function xeroValidationError(...messages: string[]): ProviderReply {
  return {
    status: 400,
    body: {
      ErrorNumber: 10,
      Type: "ValidationException",
      Message: "A validation exception occurred",
      Elements: [{ ValidationErrors: messages.map((message) => ({ Message: message })) }],
    },
  };
}

const xeroUnauthorized: ProviderReply = {
  status: 401,
  body: { Type: null, Title: "Unauthorized", Status: 401, Detail: "AuthenticationUnsuccessful" },
  headers: { "www-authenticate": 'Bearer error="invalid_token"' },
};

function xeroErrorBody(status: number): unknown {
  if (status === 429) return { Title: "Too Many Requests", Status: 429, Detail: "Rate limit exceeded" };
  return { Title: "An error occurred", Status: status, Detail: "An error occurred in Xero" };
}

async function forward(prismUrl: string, request: RecordedRequest): Promise<PrismAnswer> {
  const target = `${prismUrl}${request.path.slice(accountingPrefix.length)}${
    request.query.size ? `?${request.query}` : ""
  }`;
  const withBody = request.method !== "GET" && request.method !== "HEAD" && request.body !== "";
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value !== "string" || ["host", "content-length", "connection"].includes(name)) continue;
    if (!withBody && name === "content-type") continue;
    headers.set(name, value);
  }
  const response = await fetch(target, {
    method: request.method,
    headers,
    body: withBody ? request.body : undefined,
  });
  const text = await response.text();
  let body: unknown = text || undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // keep the text
  }
  return { method: request.method, path: request.path, status: response.status, body };
}

type Prism = { url: string; close(): Promise<void> };

/** Prism on the Xero spec (about 6 s on these machines); `--errors` makes invalid requests fail. */
async function startPrism(): Promise<Prism> {
  const port = new URL(await unreachableUrl()).port;
  const args = [prismCli, "mock", "--errors", "-h", "127.0.0.1", "-p", port, xeroSpecPath];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    let startupLog = "";
    const collect = (chunk: Buffer) => {
      if (startupLog.includes("Prism is listening")) return; // keep draining the pipes, stop keeping the log
      startupLog += chunk.toString();
      if (startupLog.includes("Prism is listening")) resolve();
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.once("exit", (code) =>
      reject(new Error(`Prism exited (${code}) before listening:\n${startupLog.slice(-2000)}`)),
    );
  });
  return { url: `http://127.0.0.1:${port}`, close: () => stopProcess(child) };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  Boolean(value) && typeof value === "object" && !Array.isArray(value);
