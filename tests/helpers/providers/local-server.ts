import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as a local provider server received it. */
export type RecordedRequest = {
  method: string;
  /** The full path, including any base path such as BILL.com's `/connect`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** When the request arrived, in epoch milliseconds (with sub-millisecond precision). */
  receivedAt: number;
};

/** What a provider stand-in answers; `body` is sent as JSON. */
export type ProviderReply = {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON answer (e.g. an HTML page), sent as is with `headers`. */
  raw?: string;
};

/** Answers one request the way the provider documents it. */
export type ProviderHandler = (request: RecordedRequest) => ProviderReply | Promise<ProviderReply>;

/** Selects the requests a conditional fault applies to, e.g. `(request) => request.method === "POST"`. */
export type RequestPredicate = (request: RecordedRequest) => boolean;

/** How a hung request behaves. */
export type HangOptions = {
  /**
   * Handle the request first (its side effects happen) and lose only the answer, as when a connection
   * drops after the provider committed the change. Default: the request is never handled.
   */
  afterHandling?: boolean;
};

/** A provider stand-in on 127.0.0.1: its base URL, every request it saw, failure injection and close(). */
export type LocalProviderServer = {
  url: string;
  requests: RecordedRequest[];
  /** Answers the next `count` requests with `status` (plus headers such as Retry-After) in the provider's error shape. */
  failNext(count: number, status: number, headers?: Record<string, string>, body?: unknown): void;
  /** Leaves the next `count` requests unanswered for `ms`, then destroys their connections. */
  hangNext(count: number, ms: number, options?: HangOptions): void;
  /**
   * Answers the next `times` requests that match `predicate` like failNext does. Conditional faults are
   * checked before the failNext/hangNext queue, and a request they take does not consume the queue.
   */
  failWhen(
    predicate: RequestPredicate,
    status: number,
    headers?: Record<string, string>,
    times?: number,
    body?: unknown,
  ): void;
  /** Leaves the next `times` requests that match `predicate` unanswered for `ms`, like hangNext. */
  hangWhen(predicate: RequestPredicate, ms: number, times?: number, options?: HangOptions): void;
  /** Drops every injected fault that has not happened yet: the provider is healthy again. */
  clearFaults(): void;
  close(): Promise<void>;
};

type ServerOptions = {
  handle: ProviderHandler;
  /** The provider's error body for an injected failure with this status. */
  errorBody: (status: number) => unknown;
  /** A path prefix that belongs to the provider's API base, e.g. `/connect`. */
  basePath?: string;
  /** A fixed port (default: any free port). */
  port?: number;
};

type InjectedFailure = { kind: "fail"; status: number; headers: Record<string, string>; body?: unknown };
type InjectedHang = { kind: "hang"; ms: number; afterHandling: boolean };
type Injection = InjectedFailure | InjectedHang;
type ConditionalInjection = { predicate: RequestPredicate; remaining: number; injection: Injection };

/** Starts a provider stand-in on 127.0.0.1 on a free port. */
export async function startLocalProviderServer(options: ServerOptions): Promise<LocalProviderServer> {
  const requests: RecordedRequest[] = [];
  const queued: Injection[] = [];
  const conditional: ConditionalInjection[] = [];
  const injectionFor = (request: RecordedRequest): Injection | undefined => {
    const rule = conditional.find((candidate) => candidate.remaining > 0 && candidate.predicate(request));
    if (!rule) return queued.shift();
    rule.remaining -= 1;
    if (rule.remaining === 0) conditional.splice(conditional.indexOf(rule), 1);
    return rule.injection;
  };
  const server = createServer(async (incoming, outgoing) => {
    const receivedAt = performance.timeOrigin + performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(Buffer.from(chunk));
    const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
    const request: RecordedRequest = {
      method: incoming.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
      body: Buffer.concat(chunks).toString("utf8"),
      receivedAt,
    };
    requests.push(request);
    const injection = injectionFor(request);
    if (injection?.kind === "hang") {
      if (injection.afterHandling) await replyTo(request, undefined, options);
      const socket = incoming.socket;
      const timer = setTimeout(() => socket.destroy(), injection.ms);
      socket.once("close", () => clearTimeout(timer));
      return;
    }
    const reply = await replyTo(request, injection, options);
    outgoing.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    outgoing.end(reply.raw ?? (reply.body === undefined ? "" : JSON.stringify(reply.body)));
  });
  const port = await listen(server, options.port);
  return {
    url: `http://127.0.0.1:${port}${options.basePath ?? ""}`,
    requests,
    failNext(count, status, headers = {}, body?: unknown) {
      for (let index = 0; index < count; index++) queued.push({ kind: "fail", status, headers, body });
    },
    hangNext(count, ms, hang = {}) {
      const afterHandling = hang.afterHandling ?? false;
      for (let index = 0; index < count; index++) queued.push({ kind: "hang", ms, afterHandling });
    },
    failWhen(predicate, status, headers = {}, times = 1, body?: unknown) {
      conditional.push({ predicate, remaining: times, injection: { kind: "fail", status, headers, body } });
    },
    hangWhen(predicate, ms, times = 1, hang = {}) {
      const injection: Injection = { kind: "hang", ms, afterHandling: hang.afterHandling ?? false };
      conditional.push({ predicate, remaining: times, injection });
    },
    clearFaults() {
      queued.length = 0;
      conditional.length = 0;
    },
    close: () => stop(server),
  };
}

async function replyTo(
  request: RecordedRequest,
  failure: InjectedFailure | undefined,
  options: ServerOptions,
) {
  if (failure) {
    return {
      status: failure.status,
      headers: failure.headers,
      body: failure.body ?? options.errorBody(failure.status),
    };
  }
  try {
    return await options.handle(request);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 500, body: { testServerError: message } };
  }
}

/** A base URL on 127.0.0.1 where nothing listens, for "the provider is down" cases. */
export async function unreachableUrl(): Promise<string> {
  const server = createServer();
  const port = await listen(server);
  await stop(server);
  return `http://127.0.0.1:${port}`;
}

async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return (server.address() as AddressInfo).port;
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerTokenOf(request: RecordedRequest): string | undefined {
  const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? "");
  return match?.[1];
}

/** The user and password of an `Authorization: Basic base64(user:password)` header. */
export function basicCredentialsOf(request: RecordedRequest): { user: string; password: string } | undefined {
  const match = /^Basic (.+)$/.exec(request.headers.authorization ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const separator = decoded.indexOf(":");
  return separator < 0
    ? undefined
    : { user: decoded.slice(0, separator), password: decoded.slice(separator + 1) };
}
