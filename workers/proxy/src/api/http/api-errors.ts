import { ApiError } from "@floodgate/contracts";

/** Errors of the management API that `ApiError`'s own helpers do not cover. */
export function conflict(message: string, code: string, param: string | null = null): ApiError {
  return new ApiError({ status: 409, type: "conflict_error", code, message, param });
}

/** The one answer for "not yours" and "does not exist", so ids of other tenants leak nothing. */
export function projectNotFound(): ApiError {
  return ApiError.notFound("No such project.", "project_not_found");
}
