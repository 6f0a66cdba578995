import {
  type LocalProviderServer,
  type ProviderReply,
  type RecordedRequest,
  startLocalProviderServer,
} from "./local-server";
import {
  accountSegment,
  type PayOptions,
  randomStripeId,
  StripeBillingState,
  type StripeCustomerLike,
  type StripeInvoiceItemLike,
  type StripeInvoiceLike,
  StripeRequestError,
} from "./stripe-billing-state";
import {
  findStripeOperation,
  type MatchedOperation,
  parseStripeForm,
  stripeFixture,
  stripeFixtureFor,
  stripeRequestViolations,
} from "./stripe-spec";

export type {
  PayOptions,
  StripeCustomerLike,
  StripeInvoiceItemLike,
  StripeInvoiceLike,
} from "./stripe-billing-state";

/**
 * A Stripe stand-in that checks every request against Stripe's official OpenAPI spec in-process (Prism cannot
 * load a spec this large): the operation must exist, the key must be one the test configured, and the path,
 * query and form parameters must satisfy the operation's schemas.
 *
 * Customers, invoices and invoice items are stateful (see StripeBillingState); every other valid request gets
 * the spec's fixtures. POSTs honour `Idempotency-Key` as Stripe does (per API key: a repeat with the same
 * endpoint and parameters replays the stored answer with `Idempotent-Replayed: true`, other parameters are an
 * `idempotency_error`), and an optional rate limit answers 429 beyond `requests` per `perSeconds` per key.
 */
export type StripeServer = LocalProviderServer & {
  /** One line per request that broke the spec; tests expect this to stay empty. */
  validationFailures: string[];
  /** Objects really created through the API (idempotent replays and seeded customers do not count). */
  created: { customers: number; invoices: number; invoiceItems: number };
  /** The id of each invoice sent through `POST /v1/invoices/{id}/send`, once per real send. */
  sent: string[];
  /** Requests answered 429 by the rate limit (injected failures are not counted). */
  readonly rateLimited: number;
  /** POSTs answered from the idempotency store. */
  readonly idempotentReplays: number;
  /** Every invoice, oldest first (snapshots). */
  invoices(): StripeInvoiceLike[];
  /** Every customer that is not deleted, oldest first (snapshots). */
  customers(): StripeCustomerLike[];
  /** Every invoice item, oldest first (snapshots). */
  invoiceItems(): StripeInvoiceItemLike[];
  /** Adds a customer as if it already existed at Stripe (not counted in `created`). */
  seedCustomer(fields: {
    email?: string;
    name?: string;
    metadata?: Record<string, string>;
  }): StripeCustomerLike;
  /** Pays an invoice as Stripe would (a draft is finalized first); returns the updated invoice. */
  pay(invoiceId: string, options?: PayOptions): StripeInvoiceLike;
  /** Voids an open or uncollectible invoice; returns the updated invoice. */
  voidInvoice(invoiceId: string): StripeInvoiceLike;
  /** Marks an open invoice uncollectible; returns the updated invoice. */
  markUncollectible(invoiceId: string): StripeInvoiceLike;
  /** What Stripe would announce by webhook, in order (see StripeBillingState.events). */
  events: { type: string; invoiceId: string }[];
  /** When each request made with this secret key arrived (epoch ms, in order), injected failures included. */
  requestTimes(apiKey: string): number[];
};

/** Stripe's rate limit, enforced per API key over a sliding window of real time. */
export type StripeRateLimit = {
  requests: number;
  perSeconds: number;
  /** Extra headers on each 429, e.g. `{ "stripe-should-retry": "true" }` to let the SDK retry it. */
  headers?: Record<string, string>;
};

export type StripeServerOptions = {
  /** The secret keys the stand-in accepts. */
  apiKeys: string[];
  rateLimit?: StripeRateLimit;
  /**
   * Serve hosted invoice pages (`/i/acct_test/<id>`, with a Pay button) from this server, so a browser
   * can open "View in Stripe" and pay without the internet.
   */
  hostedPages?: boolean;
  /** Port to listen on (default: any free port). */
  port?: number;
};

type StoredAnswer = { endpoint: string; fingerprint: string; requestId: string; reply: ProviderReply };

const rateLimitMessage =
  "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.";

/** Starts the Stripe stand-in; `apiKeys` are the secret keys it accepts. */
export async function startStripeServer(options: StripeServerOptions): Promise<StripeServer> {
  const validationFailures: string[] = [];
  const state = new StripeBillingState();
  const admit = options.rateLimit ? slidingWindow(options.rateLimit) : () => true;
  const answers = new Map<string, StoredAnswer>();
  let rateLimited = 0;
  let idempotentReplays = 0;

  const execute = (match: MatchedOperation, request: RecordedRequest): ProviderReply => {
    const headers = { "request-id": requestId() };
    try {
      const body = state.handle(
        match.operation.operationId,
        match.pathParameters,
        parseStripeForm(request.query),
        parseStripeForm(new URLSearchParams(request.body)),
        request.path,
      );
      return { status: 200, body: body ?? stripeFixtureFor(match, request.path), headers };
    } catch (error) {
      if (!(error instanceof StripeRequestError)) throw error;
      return { status: error.status, body: error.body(), headers };
    }
  };

  const handle = (request: RecordedRequest): ProviderReply => {
    if (options.hostedPages && request.path.startsWith(`/i/${accountSegment}/`))
      return hostedPage(state, request);
    const match = findStripeOperation(request.method, request.path);
    if (!match) {
      const message = `Unrecognized request URL (${request.method}: ${request.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`;
      return stripeError(404, message);
    }
    const key = secretKeyOf(request.headers.authorization);
    if (!key) {
      return stripeError(
        401,
        "You did not provide an API key. You need to provide your API key in the Authorization header.",
      );
    }
    if (!options.apiKeys.includes(key))
      return stripeError(401, `Invalid API Key provided: ${maskedKey(key)}`);
    if (!admit(key)) {
      rateLimited += 1;
      const reply = stripeError(429, rateLimitMessage, "rate_limit");
      return { ...reply, headers: { ...reply.headers, ...options.rateLimit?.headers } };
    }
    const violations = stripeRequestViolations(
      match,
      parseStripeForm(request.query),
      parseStripeForm(new URLSearchParams(request.body)),
    );
    if (violations.length > 0) {
      validationFailures.push(
        ...violations.map((violation) => `${request.method} ${request.path}: ${violation}`),
      );
      return stripeError(400, violations.join("; "));
    }
    const idempotencyKey = request.method === "POST" ? headerOf(request, "idempotency-key") : undefined;
    if (idempotencyKey === undefined) return execute(match, request);
    if (idempotencyKey.length > 255)
      return stripeError(400, "Idempotency-Key must be at most 255 characters long.");
    const endpoint = `${request.method} ${request.path}`;
    const fingerprint = fingerprintOf(request);
    const stored = answers.get(`${key}\n${idempotencyKey}`);
    if (stored) {
      if (stored.endpoint !== endpoint) {
        return idempotencyError(
          `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${stored.endpoint}' vs '${endpoint}'). Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        );
      }
      if (stored.fingerprint !== fingerprint) {
        return idempotencyError(
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        );
      }
      idempotentReplays += 1;
      return {
        ...stored.reply,
        headers: {
          ...stored.reply.headers,
          "request-id": requestId(),
          "idempotent-replayed": "true",
          "original-request": stored.requestId,
        },
      };
    }
    const reply = execute(match, request);
    const originalRequest = reply.headers?.["request-id"] ?? requestId();
    const answered: ProviderReply = {
      ...reply,
      headers: { ...reply.headers, "idempotency-key": idempotencyKey, "original-request": originalRequest },
    };
    // Stripe keeps the result of every request that began executing, failures included.
    answers.set(`${key}\n${idempotencyKey}`, {
      endpoint,
      fingerprint,
      requestId: originalRequest,
      reply: answered,
    });
    return answered;
  };

  const server = await startLocalProviderServer({ handle, errorBody: injectedErrorBody, port: options.port });
  if (options.hostedPages) state.hostedBase = server.url;
  return {
    events: state.events,
    ...server,
    validationFailures,
    created: state.created,
    sent: state.sent,
    get rateLimited() {
      return rateLimited;
    },
    get idempotentReplays() {
      return idempotentReplays;
    },
    invoices: () => state.invoices(),
    customers: () => state.customers(),
    invoiceItems: () => state.invoiceItems(),
    seedCustomer: (fields) => structuredClone(state.createCustomer(fields, false)),
    pay: (invoiceId, payOptions) => structuredClone(state.pay(invoiceId, payOptions)),
    voidInvoice: (invoiceId) => structuredClone(state.voidInvoice(invoiceId)),
    markUncollectible: (invoiceId) => structuredClone(state.markUncollectible(invoiceId)),
    requestTimes: (apiKey) =>
      server.requests
        .filter((request) => secretKeyOf(request.headers.authorization) === apiKey)
        .map((request) => request.receivedAt),
  };
}

/**
 * A Stripe event (the spec's fixture shape) carrying `object`, e.g. `stripeEvent("invoice.paid", invoice)`;
 * serialize it and sign it with `Stripe.webhooks.generateTestHeaderString`.
 */
export function stripeEvent(
  type: string,
  object: unknown,
  options: { id?: string; created?: number } = {},
): Record<string, unknown> & { id: string; type: string; data: { object: unknown } } {
  return {
    ...stripeFixture("event"),
    id: options.id ?? randomStripeId("evt"),
    object: "event",
    api_version: "2023-08-16",
    created: options.created ?? Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** Admits a key's request when fewer than `requests` were admitted in the last `perSeconds`. */
function slidingWindow(limit: StripeRateLimit): (key: string) => boolean {
  const admitted = new Map<string, number[]>();
  const windowMs = limit.perSeconds * 1000;
  return (key) => {
    const now = performance.now();
    const times = admitted.get(key) ?? [];
    while ((times[0] ?? now) <= now - windowMs) times.shift();
    if (times.length >= limit.requests) return false;
    times.push(now);
    admitted.set(key, times);
    return true;
  };
}

/** The request's parameters in a canonical order, to tell a repeat from a different request. */
function fingerprintOf(request: RecordedRequest): string {
  const pairs = [...request.query, ...new URLSearchParams(request.body)].map(
    ([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`,
  );
  return pairs.sort().join("&");
}

function headerOf(request: RecordedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Stripe accepts `Bearer <key>`, `Basic <key>` and `Basic base64(<key>:)`. */
function secretKeyOf(authorization: string | undefined): string | undefined {
  const [scheme, credentials = ""] = (authorization ?? "").split(" ");
  if (scheme === "Bearer") return credentials || undefined;
  if (scheme !== "Basic") return undefined;
  const decoded = Buffer.from(credentials, "base64").toString("utf8");
  return decoded.endsWith(":") ? decoded.slice(0, -1) : credentials;
}

/** Stripe shows the key's prefix and last four characters, e.g. `sk_test_****1234`. */
function maskedKey(key: string): string {
  const prefix = /^(sk|rk)_(test|live)_/.exec(key)?.[0] ?? "";
  return `${prefix}****${key.slice(-4)}`;
}

function stripeError(status: number, message: string, code?: string): ProviderReply {
  return {
    status,
    body: new StripeRequestError(status, message, { code }).body(),
    headers: { "request-id": requestId() },
  };
}

function idempotencyError(message: string): ProviderReply {
  return {
    status: 400,
    body: new StripeRequestError(400, message, { type: "idempotency_error" }).body(),
    headers: { "request-id": requestId() },
  };
}

function injectedErrorBody(status: number): unknown {
  if (status === 429) return stripeError(429, rateLimitMessage, "rate_limit").body;
  return stripeError(status, "Something went wrong on Stripe's end.").body;
}

function requestId(): string {
  return randomStripeId("req", 14);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** The hosted invoice page (GET) and its Pay button (POST …/pay), like Stripe's hosted invoice page. */
function hostedPage(state: StripeBillingState, request: RecordedRequest): ProviderReply {
  const [, , , id = "", action] = request.path.split("/");
  const invoice = state.invoices().find((candidate) => candidate.id === id);
  if (!invoice) return { status: 404, raw: "Invoice not found", headers: { "content-type": "text/plain" } };
  if (request.method === "POST" && action === "pay") {
    if (invoice.status === "open") state.pay(id);
    return { status: 303, raw: "", headers: { location: `/i/${accountSegment}/${id}` } };
  }
  const amount = (invoice.total / 100).toFixed(2);
  const title = `Invoice ${escapeHtml(invoice.number ?? invoice.id)}`;
  const payButton =
    invoice.status === "open"
      ? `<form method="post" action="/i/${accountSegment}/${id}/pay"><button type="submit">Pay ${amount} ${invoice.currency.toUpperCase()}</button></form>`
      : "";
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<h1>${title}</h1><p>Amount due: ${amount} ${escapeHtml(invoice.currency.toUpperCase())}</p>
<p>Status: <strong id="status">${escapeHtml(invoice.status)}</strong></p>${payButton}
<p><small>Local Stripe stand-in: hosted invoice page</small></p></body></html>`;
  return { status: 200, raw: html, headers: { "content-type": "text/html; charset=utf-8" } };
}
