import { afterAll, beforeAll } from "vitest";
import {
  type LocalProviderServer,
  type ProviderReply,
  type RecordedRequest,
  startLocalProviderServer,
} from "./local-server";
import { forwardTo } from "./paypal-prism";
import { type SquarePrism, squarePrismInBackground } from "./square-server";

/** A request Prism (running with `--errors`) refused, with the violations it listed. */
export type PrismRejection = { method: string; path: string; status: number; body: unknown };

/**
 * Square for invoicing tests: a recording proxy in front of Prism on Square's spec (`--errors`, so an
 * invalid request fails as it would at Square). It injects failures (`failNext`), keeps Prism's refusals in
 * `rejections`, and `replace` may swap the answer to a request Prism accepted (Prism always answers with
 * the spec's example, e.g. a customer search that finds someone).
 */
export type SquareInvoicesProxy = LocalProviderServer & {
  rejections: PrismRejection[];
  replace?: (request: RecordedRequest) => ProviderReply | undefined;
};

async function startProxy(prism: () => Promise<SquarePrism>): Promise<SquareInvoicesProxy> {
  const rejections: PrismRejection[] = [];
  const handle = async (request: RecordedRequest): Promise<ProviderReply> => {
    const reply = await forwardTo((await prism()).url, request);
    if (reply.headers.get("content-type")?.startsWith("application/problem+json")) {
      rejections.push({ method: request.method, path: request.path, status: reply.status, body: reply.body });
    }
    if (reply.status < 300) {
      const replaced = proxy.replace?.(request);
      if (replaced) return replaced;
    }
    return { status: reply.status, body: reply.body };
  };
  const local = await startLocalProviderServer({
    handle,
    errorBody: (status) => ({
      errors: [
        status === 429
          ? { category: "RATE_LIMIT_ERROR", code: "RATE_LIMITED", detail: "Rate limit exceeded." }
          : { category: "API_ERROR", code: "INTERNAL_SERVER_ERROR", detail: "An internal error occurred." },
      ],
    }),
  });
  const proxy: SquareInvoicesProxy = { ...local, rejections };
  return proxy;
}

/** Starts Prism (about 16 s) and the proxy when the test file starts; the getter waits for Prism. */
export function squareInvoicesInBackground(): () => Promise<SquareInvoicesProxy> {
  const prism = squarePrismInBackground();
  let starting: Promise<SquareInvoicesProxy> | undefined;
  beforeAll(() => {
    starting = startProxy(prism);
    starting.catch(() => undefined);
  });
  afterAll(async () => (await starting?.catch(() => undefined))?.close());
  return async () => {
    if (!starting) throw new Error("the Square proxy was not started");
    await prism();
    return starting;
  };
}
