/** True when a database error is a unique-constraint violation (SQLSTATE 23505), on postgres.js or PGlite. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (
    let current: unknown = error;
    current && typeof current === "object";
    current = (current as { cause?: unknown }).cause
  ) {
    const candidate = current as {
      code?: string;
      constraint_name?: string;
      constraint?: string;
      message?: string;
    };
    if (candidate.code === "23505") {
      return (
        !constraint ||
        [candidate.constraint_name, candidate.constraint, candidate.message].some((text) =>
          text?.includes(constraint),
        )
      );
    }
  }
  return false;
}
