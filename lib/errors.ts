/** The standard error body every HTTP caller receives. */
export type ErrorDetail = { field?: string; reason?: string; suggestion?: string };
export type ErrorResponse = {
  statusCode: number;
  error: string;
  message: string;
  details?: ErrorDetail[];
};

export const errorKinds = {
  BAD_REQUEST: { status: 400, error: "Bad Request" },
  UNAUTHORIZED: { status: 401, error: "Unauthorized" },
  FORBIDDEN: { status: 403, error: "Forbidden" },
  NOT_FOUND: { status: 404, error: "Not Found" },
  CONFLICT: { status: 409, error: "Conflict" },
  PAYLOAD_TOO_LARGE: { status: 413, error: "Payload Too Large" },
  TOO_MANY_REQUESTS: { status: 429, error: "Too Many Requests" },
  INTERNAL: { status: 500, error: "Internal Server Error" },
  BAD_GATEWAY: { status: 502, error: "Bad Gateway" },
  SERVICE_UNAVAILABLE: { status: 503, error: "Service Unavailable" },
} as const;
export type ErrorKind = keyof typeof errorKinds;

/**
 * A failure the caller can act on. Services throw it; the one mapper in server/api/errors.ts turns
 * it into a tRPC error or the standard HTTP body. Its message is always safe to show.
 */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly details?: ErrorDetail[];
  readonly retryAfterSeconds?: number;

  constructor(
    kind: ErrorKind,
    message: string,
    options: { details?: ErrorDetail[]; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.kind = kind;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function errorBody(kind: ErrorKind, message: string, details?: ErrorDetail[]): ErrorResponse {
  const { status, error } = errorKinds[kind];
  return details?.length
    ? { statusCode: status, error, message, details }
    : { statusCode: status, error, message };
}

/** One `details` entry per failing field of a zod-like issue list. */
export function detailsFromIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): ErrorDetail[] {
  return issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join(".") : undefined,
    reason: issue.message,
  }));
}
