import { ApiError } from "@floodgate/contracts";
import { HTTPException } from "hono/http-exception";

/**
 * Any failure as an `ApiError`: an `ApiError` as it is, a client-side `HTTPException` as a 400
 * (413 for a body too large), anything else as a generic 500 whose details go to the logs only.
 */
export function toApiError(err: unknown, requestId: string | null): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException && err.status < 500) {
    return new ApiError({
      status: err.status === 413 ? 413 : 400,
      type: "invalid_request_error",
      code: err.status === 413 ? "payload_too_large" : "invalid_request",
      message: err.message || "Invalid request.",
    });
  }
  const detail =
    err instanceof Error
      ? { name: err.name, message: err.message, stack: err.stack }
      : { value: String(err) };
  console.error(JSON.stringify({ level: "error", msg: "unhandled error", requestId, ...detail }));
  return ApiError.internal();
}

/** The error envelope response for any failure, with the request id in body and header. */
export function errorResponse(err: unknown, requestId: string | null): Response {
  const apiError = toApiError(err, requestId);
  const headers = new Headers(apiError.headers);
  headers.set("content-type", "application/json");
  if (requestId) headers.set("x-request-id", requestId);
  return new Response(JSON.stringify(apiError.toEnvelope(requestId)), {
    status: apiError.status,
    headers,
  });
}
