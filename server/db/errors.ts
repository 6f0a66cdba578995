import { AppError } from "@/lib/errors";

type DatabaseErrorFields = { code?: string; constraint_name?: string; constraint?: string; message?: string };

/** The error in the cause chain (drizzle wraps postgres.js and PGlite errors) with this SQLSTATE. */
function withSqlState(error: unknown, code: string): DatabaseErrorFields | null {
  for (
    let current: unknown = error;
    current && typeof current === "object";
    current = (current as { cause?: unknown }).cause
  ) {
    if ((current as DatabaseErrorFields).code === code) return current as DatabaseErrorFields;
  }
  return null;
}

/** True when a database error is a unique-constraint violation (SQLSTATE 23505), on postgres.js or PGlite. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const found = withSqlState(error, "23505");
  return (
    !!found &&
    (!constraint ||
      [found.constraint_name, found.constraint, found.message].some((text) => text?.includes(constraint)))
  );
}

/** True when a row is still referenced by another (SQLSTATE 23503, foreign key violation). */
export function isForeignKeyViolation(error: unknown): boolean {
  return withSqlState(error, "23503") !== null;
}

/**
 * True when the database gave up waiting rather than failing: a lock not granted within
 * `lock_timeout` (SQLSTATE 55P03) or a statement cancelled by `statement_timeout` (57014). Callers
 * get a 503 with Retry-After, never a 500: the request was fine, the table was busy.
 */
export function isDatabaseBusy(error: unknown): boolean {
  return withSqlState(error, "55P03") !== null || withSqlState(error, "57014") !== null;
}

/** A database that timed out waiting (lock or statement) as the 503 the caller may retry. */
export function busyDatabaseError(error: unknown): AppError {
  return new AppError("SERVICE_UNAVAILABLE", "The database is busy; retry shortly", {
    retryAfterSeconds: 2,
    cause: error,
  });
}
