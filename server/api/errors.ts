import { TRPCError } from "@trpc/server";
import { APIError } from "better-auth/api";
import { ZodError } from "zod";
import { AppError, detailsFromIssues, type ErrorKind, type ErrorResponse, errorBody } from "@/lib/errors";
import { busyDatabaseError, isDatabaseBusy } from "@/server/db/errors";

type TRPCCode = TRPCError["code"];

const trpcCodeOf: Record<ErrorKind, TRPCCode> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  INTERNAL: "INTERNAL_SERVER_ERROR",
  BAD_GATEWAY: "BAD_GATEWAY",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

const kindOfTrpcCode: Partial<Record<TRPCCode, ErrorKind>> = {
  PARSE_ERROR: "BAD_REQUEST",
  BAD_REQUEST: "BAD_REQUEST",
  UNSUPPORTED_MEDIA_TYPE: "BAD_REQUEST",
  UNPROCESSABLE_CONTENT: "BAD_REQUEST",
  METHOD_NOT_SUPPORTED: "NOT_FOUND",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  BAD_GATEWAY: "BAD_GATEWAY",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  GATEWAY_TIMEOUT: "BAD_GATEWAY",
};

/** The error kind of an HTTP status (unknown ones are internal). */
export const kindOfStatus = (status: number): ErrorKind =>
  (
    ({
      400: "BAD_REQUEST",
      401: "UNAUTHORIZED",
      403: "FORBIDDEN",
      404: "NOT_FOUND",
      409: "CONFLICT",
      413: "PAYLOAD_TOO_LARGE",
      422: "BAD_REQUEST",
      429: "TOO_MANY_REQUESTS",
      502: "BAD_GATEWAY",
      503: "SERVICE_UNAVAILABLE",
    }) as Record<number, ErrorKind>
  )[status] ?? "INTERNAL";

/**
 * Turns a domain error (AppError, better-auth APIError) into a TRPCError, and a database that timed
 * out waiting into a 503 with Retry-After; anything else stays internal.
 */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) {
    return error.cause instanceof AppError ||
      error.cause instanceof APIError ||
      (error.code === "INTERNAL_SERVER_ERROR" && isDatabaseBusy(error.cause))
      ? toTRPCError(error.cause)
      : error;
  }
  if (error instanceof AppError) {
    return new TRPCError({ code: trpcCodeOf[error.kind], message: error.message, cause: error });
  }
  if (error instanceof APIError) {
    const kind = kindOfStatus(error.statusCode);
    const appError = new AppError(kind, error.body?.message ?? error.message, { cause: error });
    return new TRPCError({ code: trpcCodeOf[kind], message: appError.message, cause: appError });
  }
  if (isDatabaseBusy(error)) return toTRPCError(busyDatabaseError(error));
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error", cause: error });
}

/** The standard body for a TRPCError: safe message, per-field details for validation failures. */
export function errorBodyFromTRPC(error: TRPCError): ErrorResponse {
  const cause = error.cause;
  if (cause instanceof AppError) return errorBody(cause.kind, cause.message, cause.details);
  const kind = kindOfTrpcCode[error.code] ?? "INTERNAL";
  if (kind === "INTERNAL") return errorBody("INTERNAL", "Internal server error");
  if (cause instanceof ZodError) {
    return errorBody("BAD_REQUEST", "Invalid input", detailsFromIssues(cause.issues));
  }
  if (error.code === "PARSE_ERROR") return errorBody("BAD_REQUEST", "The request body is not valid JSON");
  return errorBody(kind, error.message);
}

/** A `Retry-After` header for responses whose error says when to come back (429, 503). */
export function retryAfterHeaders(errors: readonly TRPCError[]): Record<string, string> | undefined {
  const seconds = errors
    .map((error) => (error.cause instanceof AppError ? error.cause.retryAfterSeconds : undefined))
    .find((value) => value !== undefined);
  return seconds === undefined ? undefined : { "retry-after": String(seconds) };
}
