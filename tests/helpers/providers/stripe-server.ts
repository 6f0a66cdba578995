import {
  type LocalProviderServer,
  type ProviderReply,
  type RecordedRequest,
  startLocalProviderServer,
} from "./local-server";
import {
  findStripeOperation,
  parseStripeForm,
  stripeFixtureFor,
  stripeRequestViolations,
} from "./stripe-spec";

/**
 * A Stripe stand-in that checks every request against Stripe's official OpenAPI spec in-process (Prism cannot
 * load a spec this large): the operation must exist, the key must be one the test configured, and the path,
 * query and form parameters must satisfy the operation's schemas. Valid requests get the spec's fixtures.
 */
export type StripeServer = LocalProviderServer & {
  /** One line per request that broke the spec; tests expect this to stay empty. */
  validationFailures: string[];
};

/** Starts the Stripe stand-in; `apiKeys` are the secret keys it accepts. */
export async function startStripeServer(options: { apiKeys: string[] }): Promise<StripeServer> {
  const validationFailures: string[] = [];
  const handle = (request: RecordedRequest): ProviderReply => {
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
    return {
      status: 200,
      body: stripeFixtureFor(match, request.path),
      headers: { "request-id": requestId() },
    };
  };
  const server = await startLocalProviderServer({ handle, errorBody: injectedErrorBody });
  return { ...server, validationFailures };
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
  const type = status >= 500 ? "api_error" : "invalid_request_error";
  return {
    status,
    body: { error: { message, type, ...(code ? { code } : {}) } },
    headers: { "request-id": requestId() },
  };
}

function injectedErrorBody(status: number): unknown {
  if (status === 429) {
    return stripeError(
      429,
      "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
      "rate_limit",
    ).body;
  }
  return stripeError(status, "Something went wrong on Stripe's end.").body;
}

function requestId(): string {
  return `req_${Math.random().toString(36).slice(2, 16)}`;
}
