import { ApiError } from "@floodgate/contracts";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../app-env";
import { RouterConfigError } from "../config/load-config";

/**
 * The single renderer of errors: every failure the router itself answers leaves it in the
 * envelope, with the request id. Unexpected exceptions (and an invalid router config) become a
 * generic 500; their details go to the logs only.
 */
export function renderError(err: unknown, c: Context<AppEnv>): Response {
  const requestId = c.get("requestId") ?? null;
  const apiError = toApiError(err, requestId);
  const headers = new Headers(apiError.headers);
  headers.set("content-type", "application/json");
  if (requestId) headers.set("x-request-id", requestId);
  return new Response(JSON.stringify(apiError.toEnvelope(requestId)), {
    status: apiError.status,
    headers,
  });
}

function toApiError(err: unknown, requestId: string | null): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException && err.status < 500) {
    return new ApiError({
      status: err.status === 413 ? 413 : 400,
      type: "invalid_request_error",
      code: err.status === 413 ? "payload_too_large" : "invalid_request",
      message: err.message || "Invalid request.",
    });
  }
  if (err instanceof RouterConfigError) {
    console.error(
      JSON.stringify({
        level: "error",
        msg: "invalid router config",
        requestId,
        problems: err.problems,
      }),
    );
    return ApiError.internal();
  }
  const detail =
    err instanceof Error
      ? { name: err.name, message: err.message, stack: err.stack }
      : { value: String(err) };
  console.error(JSON.stringify({ level: "error", msg: "unhandled error", requestId, ...detail }));
  return ApiError.internal();
}
