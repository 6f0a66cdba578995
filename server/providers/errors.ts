import { AppError } from "@/lib/errors";

export type ProviderErrorType =
  | "auth"
  | "rate_limited"
  | "unavailable"
  | "invalid_request"
  | "not_found"
  | "conflict"
  /** A tenant-supplied target we refuse to reach (private, loopback, link-local, … address). */
  | "forbidden_target"
  | "unknown";

/** A provider call that failed, classified so callers know whether to retry and what to tell the user. */
export class ProviderError extends Error {
  readonly type: ProviderErrorType;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterSeconds?: number;

  constructor(
    type: ProviderErrorType,
    message: string,
    options: { retryable?: boolean; status?: number; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "ProviderError";
    this.type = type;
    this.retryable = options.retryable ?? (type === "unavailable" || type === "rate_limited");
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/**
 * What the user sees when a provider call fails, with the right status. The message is the gateway's
 * classified reason (or a known provider's structured error message), never an upstream's raw body.
 */
export function providerErrorToAppError(providerName: string, error: ProviderError): AppError {
  switch (error.type) {
    case "auth":
      return new AppError("UNAUTHORIZED", `${providerName} rejected the credentials: ${error.message}`, {
        details: [
          { reason: error.message, suggestion: `Check the values in your ${providerName} dashboard` },
        ],
      });
    case "rate_limited":
      return new AppError(
        "TOO_MANY_REQUESTS",
        `${providerName} is rate limiting requests: ${error.message}`,
        {
          retryAfterSeconds: error.retryAfterSeconds ?? 60,
        },
      );
    case "invalid_request":
      return new AppError("BAD_REQUEST", `${providerName} refused the request: ${error.message}`);
    case "not_found":
      return new AppError("NOT_FOUND", `${providerName}: ${error.message}`);
    case "conflict":
      return new AppError("CONFLICT", `${providerName}: ${error.message}`);
    case "forbidden_target":
      return new AppError("BAD_REQUEST", `${providerName}: the target is not allowed: ${error.message}`, {
        details: [
          {
            reason: error.message,
            suggestion: "Use a public host name; private, loopback and link-local addresses are refused",
          },
        ],
      });
    default:
      return new AppError("BAD_GATEWAY", `${providerName} could not be reached or failed: ${error.message}`);
  }
}

const timeoutCodes = new Set([
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);
const resetCodes = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "ECONNABORTED"]);
const unresolvedCodes = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL", "EDNS"]);
const unreachableCodes = new Set(["EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ENETDOWN", "EADDRNOTAVAIL"]);
const tlsCodes = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$|ETLS$)/;

/** Socket, DNS and TLS failures by error code or name, first match wins. */
const failureReasons: [(code: string) => boolean, string][] = [
  [(code) => code === "TimeoutError" || timeoutCodes.has(code), "timed out"],
  [(code) => code === "ECONNREFUSED", "connection refused"],
  [(code) => tlsCodes.test(code), "TLS handshake failed"],
  [(code) => unresolvedCodes.has(code), "does not resolve"],
  [(code) => unreachableCodes.has(code), "host unreachable"],
  [(code) => resetCodes.has(code), "connection reset"],
];

/** The error itself, then its causes and aggregated errors, depth first. */
function* chainOf(error: unknown, depth = 0): Generator<unknown> {
  if (error === undefined || error === null || depth > 5) return;
  yield error;
  if (error instanceof AggregateError) for (const inner of error.errors) yield* chainOf(inner, depth + 1);
  if (error instanceof Error) yield* chainOf(error.cause, depth + 1);
}

/**
 * Classifies a failure below HTTP (socket, DNS, TLS, timeout) into one of a few fixed reasons, so
 * nothing a remote end said (or an error's own text) reaches tenants: "timed out", "connection
 * refused", "connection reset", "does not resolve", "host unreachable", "TLS handshake failed",
 * "network error". A ProviderError found in the chain (the target guard's refusal) wins.
 */
export function networkFailure(error: unknown): ProviderError {
  const chain = [...chainOf(error)];
  const refusal = chain.find((entry): entry is ProviderError => entry instanceof ProviderError);
  if (refusal) return refusal;
  const codes = chain.flatMap((entry) => {
    if (!(entry instanceof Error)) return [];
    const { code } = entry as { code?: unknown };
    return [entry.name, ...(typeof code === "string" ? [code] : [])];
  });
  return unavailableBecause(failureReasonOf(codes) ?? "network error", error);
}

/** The classified reason for the first of these error codes or names we recognise. */
export function failureReasonOf(codes: unknown[]): string | undefined {
  const known = codes.filter((code): code is string => typeof code === "string");
  return failureReasons.find(([matches]) => known.some(matches))?.[1];
}

/** A failure to reach the other end; retryable unless the TLS handshake itself failed. */
export function unavailableBecause(reason: string, cause: unknown): ProviderError {
  return new ProviderError("unavailable", reason, { cause, retryable: reason !== "TLS handshake failed" });
}
