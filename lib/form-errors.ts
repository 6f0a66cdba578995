import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { ErrorDetail } from "./errors";

type ServerError = { message?: string; data?: unknown; shape?: { details?: ErrorDetail[] } | null };

/** Puts a server error's per-field details onto the form; returns the message for the rest. */
export function applyServerError<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
) {
  const serverError = (error ?? {}) as ServerError;
  const details = serverError.shape?.details ?? [];
  for (const detail of details) {
    const field = fields.find((name) => name === detail.field);
    if (field) setError(field, { type: "server", message: detail.reason ?? "Invalid value" });
  }
  return serverError.message ?? "Something went wrong. Try again.";
}
