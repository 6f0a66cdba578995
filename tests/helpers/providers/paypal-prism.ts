import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
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
import {
  oauthError,
  type PaypalApp,
  paypalErrorBody,
  paypalTokenPath,
  paypalTokenReply,
} from "./paypal-server";
import { specsDirectory } from "./specs-dir";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const paypalSpecPath = path.join(specsDirectory, "paypal_invoicing_v2.json");
const prismCli = path.resolve(repoRoot, "node_modules/@stoplight/prism-cli/dist/index.js");

/** A Prism mock server on 127.0.0.1. */
export type Prism = { url: string; close(): Promise<void> };

/** Starts `prism mock` on a spec; `errors` makes it answer invalid requests with an error instead of a mock. */
export async function startPrism(specPath: string, options: { errors: boolean }): Promise<Prism> {
  const port = new URL(await unreachableUrl()).port;
  const args = [prismCli, "mock", ...(options.errors ? ["--errors"] : []), "-h", "127.0.0.1", "-p", port];
  const prism = spawn(process.execPath, [...args, specPath], { stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    let startupLog = "";
    const collect = (chunk: Buffer) => {
      if (startupLog.includes("Prism is listening")) return; // keep draining the pipes, stop keeping the log
      startupLog += chunk.toString();
      if (startupLog.includes("Prism is listening")) resolve();
    };
    prism.stdout?.on("data", collect);
    prism.stderr?.on("data", collect);
    prism.once("exit", (code) =>
      reject(new Error(`Prism exited (${code}) before listening:\n${startupLog.slice(-2000)}`)),
    );
  });
  return { url: `http://127.0.0.1:${port}`, close: () => stopProcess(prism) };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** What Prism answered to one forwarded request. */
export type ForwardedReply = { status: number; headers: Headers; body: unknown };

const forwardedHeaders = ["authorization", "content-type", "accept", "prefer", "paypal-request-id"];

/** Sends a recorded request on to `baseUrl` (Prism) unchanged and reads its answer. */
export async function forwardTo(baseUrl: string, request: RecordedRequest): Promise<ForwardedReply> {
  const query = request.query.toString();
  const headers = Object.fromEntries(
    forwardedHeaders.flatMap((name) => {
      const value = request.headers[name];
      return typeof value === "string" ? [[name, value]] : [];
    }),
  );
  const response = await fetch(`${baseUrl}${request.path}${query ? `?${query}` : ""}`, {
    method: request.method,
    headers,
    body: request.method === "GET" || request.method === "HEAD" ? undefined : request.body,
  });
  const text = await response.text();
  let body: unknown = text || undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

/** One request Prism found invalid: its `sl-violations` entries located in the request. */
export type RequestViolation = { method: string; path: string; violations: string };

/**
 * PayPal for invoicing tests: a proxy that answers the OAuth token endpoint itself (it is not in the spec)
 * and forwards every Invoicing call to Prism running PayPal's Invoicing v2 spec without `--errors` (PayPal's
 * own examples violate its schema). Prism still answers an invalid request with 422 or 401 and lists what
 * was wrong in `sl-violations`; entries located in the request are kept in `requestViolations` (entries
 * located in the response are Prism reporting PayPal's examples, not us).
 */
export type PaypalPrism = LocalProviderServer & {
  requestViolations: RequestViolation[];
  /** Rejects every bearer token as PayPal does once a token has expired or was revoked. */
  revokeTokens(): void;
  /** While true, even fresh tokens are refused (an app without the invoicing permission). */
  rejectTokens: boolean;
};

/** Starts Prism on PayPal's Invoicing v2 spec and the proxy in front of it; close() stops both. */
export async function startPaypalPrism(apps: PaypalApp[]): Promise<PaypalPrism> {
  const prism = await startPrism(paypalSpecPath, { errors: false });
  const issued = new Set<string>();
  const requestViolations: RequestViolation[] = [];
  const handle = async (request: RecordedRequest): Promise<ProviderReply> => {
    if (request.method === "POST" && request.path === paypalTokenPath) {
      return paypalTokenReply(apps, request, issued);
    }
    const token = bearerTokenOf(request);
    if (!token || !issued.has(token) || server.rejectTokens) {
      return oauthError(401, "invalid_token", "Token signature verification failed");
    }
    const reply = await forwardTo(prism.url, request);
    const violations = reply.headers.get("sl-violations");
    if (violations?.includes('"location":["request"')) {
      requestViolations.push({ method: request.method, path: request.path, violations });
    }
    let body = reply.body;
    // The spec's 201 example is the request example, without the id PayPal assigns: add one.
    if (request.path === "/v2/invoicing/invoices" && reply.status === 201 && isObject(body) && !body.id) {
      body = { ...body, id: `INV2-${randomBytes(8).toString("hex").toUpperCase()}` };
    }
    return { status: reply.status, body, headers: violations ? { "sl-violations": violations } : {} };
  };
  const local = await startLocalProviderServer({ handle, errorBody: paypalErrorBody });
  const server: PaypalPrism = {
    ...local,
    requestViolations,
    rejectTokens: false,
    revokeTokens: () => issued.clear(),
    close: async () => {
      await local.close();
      await prism.close();
    },
  };
  return server;
}

/** Starts the PayPal proxy and Prism when the test file starts (about 6 s); the getter waits for them. */
export function paypalPrismInBackground(apps: PaypalApp[]): () => Promise<PaypalPrism> {
  let starting: Promise<PaypalPrism> | undefined;
  beforeAll(() => {
    starting = startPaypalPrism(apps);
    starting.catch(() => undefined); // a failure is reported where the getter is awaited
  });
  afterAll(async () => (await starting?.catch(() => undefined))?.close());
  return () => starting ?? Promise.reject(new Error("Prism was not started"));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
