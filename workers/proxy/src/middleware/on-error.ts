import { ApiError } from "@floodgate/contracts";
import { errorResponse } from "@floodgate/http";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";

/**
 * The single renderer of errors: every failure leaves the worker in the envelope, with the
 * request id. Unexpected exceptions become a generic 500; their details go to the logs only.
 */
export function renderError(err: unknown, c: Context<AppEnv>): Response {
  return errorResponse(err, c.get("requestId") ?? null);
}

export function renderNotFound(c: Context<AppEnv>): Response {
  return renderError(
    ApiError.notFound(
      `Unknown route: ${c.req.method} ${new URL(c.req.url).pathname}`,
      "unknown_route",
    ),
    c,
  );
}
