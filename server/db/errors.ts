/** The SQLSTATE of a database error (postgres.js or PGlite, possibly wrapped by drizzle), if any. */
function sqlStateOf(error: unknown): { code: string; text: (string | undefined)[] } | null {
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
    if (candidate.code && /^[0-9A-Z]{5}$/.test(candidate.code))
      return {
        code: candidate.code,
        text: [candidate.constraint_name, candidate.constraint, candidate.message],
      };
  }
  return null;
}

/** True when a database error is a unique-constraint violation (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const state = sqlStateOf(error);
  return state?.code === "23505" && (!constraint || state.text.some((text) => text?.includes(constraint)));
}

/** True when a row is still referenced by another (SQLSTATE 23503, foreign key violation). */
export function isForeignKeyViolation(error: unknown): boolean {
  return sqlStateOf(error)?.code === "23503";
}
