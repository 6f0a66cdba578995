import { AppError } from "@/lib/errors";

export type ProviderErrorType =
  | "auth"
  | "rate_limited"
  | "unavailable"
  | "invalid_request"
  | "not_found"
  | "conflict"
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

/** What the user sees when a provider call fails: the provider's own message, the right status. */
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
    default:
      return new AppError("BAD_GATEWAY", `${providerName} could not be reached or failed: ${error.message}`);
  }
}
