import { ApiError } from "@floodgate/contracts";

/** Errors of the management API that `ApiError`'s own helpers do not cover. */
export function conflict(message: string, code: string, param: string | null = null): ApiError {
  return new ApiError({ status: 409, type: "conflict_error", code, message, param });
}

/** The one answer for "not yours" and "does not exist", so ids of other tenants leak nothing. */
export function projectNotFound(): ApiError {
  return ApiError.notFound("No such project.", "project_not_found");
}

/** A session (refresh-token family) that was logged out, or revoked by a password change or reuse. */
export function sessionEnded(): ApiError {
  return ApiError.unauthorized("The session has ended; sign in again.", "session_revoked");
}

/** Too many failed sign-ins (or password checks) for an account or a client IP. */
export function tooManyLoginAttempts(retryAfterMs: number, scope: "account" | "ip"): ApiError {
  const seconds = Math.ceil(retryAfterMs / 1000);
  return new ApiError({
    status: 429,
    type: "rate_limit_exceeded",
    code: "too_many_login_attempts",
    message: `Too many failed sign-ins; try again in ${seconds} s.`,
    headers: { "retry-after": String(seconds), "retry-after-ms": String(retryAfterMs) },
    extra: { scope },
  });
}
