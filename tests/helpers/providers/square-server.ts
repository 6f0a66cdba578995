import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
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

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const squareSpecPath = path.join(specsDirectory, "square_api.offline.json");
const prismCli = path.resolve(repoRoot, "node_modules/@stoplight/prism-cli/dist/index.js");

/** Square's official OpenAPI document mocked by Prism, which checks auth and parameters against it. */
export type SquarePrism = { url: string; close(): Promise<void> };

/** Starts Prism on the Square spec (about 15 s on these machines); `--errors` makes invalid requests fail. */
export async function startSquarePrism(): Promise<SquarePrism> {
  const port = new URL(await unreachableUrl()).port;
  const args = [prismCli, "mock", "--errors", "-h", "127.0.0.1", "-p", port, squareSpecPath];
  const prism = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
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

/** Starts Prism when the test file starts without waiting for it (other cases run meanwhile); the getter waits. */
export function squarePrismInBackground(): () => Promise<SquarePrism> {
  let starting: Promise<SquarePrism> | undefined;
  beforeAll(() => {
    starting = startSquarePrism();
    starting.catch(() => undefined); // a failure is reported where the getter is awaited
  });
  afterAll(async () => (await starting?.catch(() => undefined))?.close());
  return () => starting ?? Promise.reject(new Error("Prism was not started"));
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** The spec's own example ListLocations response, so the in-process stand-in answers what Prism does. */
function listLocationsExample(): unknown {
  const spec = JSON.parse(readFileSync(squareSpecPath, "utf8")) as {
    components: { schemas: Record<string, { example?: unknown }> };
  };
  return spec.components.schemas.ListLocationsResponse?.example;
}

/**
 * An in-process Square stand-in for what Prism cannot do: reject a wrong token with Square's real error
 * shape and inject failures. It requires a Bearer token and a Square-Version header like the real API.
 */
export function startSquareServer(options: { accessTokens: string[] }): Promise<LocalProviderServer> {
  const locations = listLocationsExample();
  const handle = (request: RecordedRequest): ProviderReply => {
    if (request.method !== "GET" || request.path !== "/v2/locations") {
      return squareError(404, "INVALID_REQUEST_ERROR", "NOT_FOUND", `Resource not found: ${request.path}`);
    }
    const token = bearerTokenOf(request);
    if (!token || !options.accessTokens.includes(token)) {
      return squareError(
        401,
        "AUTHENTICATION_ERROR",
        "UNAUTHORIZED",
        "This request could not be authorized.",
      );
    }
    if (!request.headers["square-version"]) {
      return squareError(400, "INVALID_REQUEST_ERROR", "INVALID_VALUE", "Missing Square-Version header.");
    }
    return { status: 200, body: locations };
  };
  return startLocalProviderServer({
    handle,
    errorBody: (status) =>
      status === 429
        ? squareError(429, "RATE_LIMIT_ERROR", "RATE_LIMITED", "Rate limit exceeded.").body
        : squareError(status, "API_ERROR", "INTERNAL_SERVER_ERROR", "An internal error occurred.").body,
  });
}

/** Square's error shape: `{"errors":[{category, code, detail}]}`. */
function squareError(status: number, category: string, code: string, detail: string): ProviderReply {
  return { status, body: { errors: [{ category, code, detail }] } };
}
