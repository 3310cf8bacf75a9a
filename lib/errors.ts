/**
 * Domain errors. `lib/` never speaks HTTP: it raises an `AppError` with a kind, and the one
 * error handler in `routes/errors.ts` maps each kind to a status.
 */
export type ErrorKind =
  | "bad_input"
  | "invalid"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_large"
  | "unsupported"
  | "rate_limited"
  | "upstream"
  | "unavailable";

/** An expected failure with a machine-readable code and a message safe to show a user. */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** The record does not exist or belongs to somebody else (the two are indistinguishable). */
export const notFound = (what: string) =>
  new AppError("not_found", `${what}_not_found`, `${what.replaceAll("_", " ")} not found`);
