import { ApiError } from "@floodgate/contracts";
import { errorResponse } from "@floodgate/http";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { RouterConfigError } from "../config/load-config";

/**
 * The single renderer of errors: every failure the router itself answers leaves it in the
 * envelope, with the request id. Unexpected exceptions (and an invalid router config) become a
 * generic 500; their details go to the logs only.
 */
export function renderError(err: unknown, c: Context<AppEnv>): Response {
  const requestId = c.get("requestId") ?? null;
  if (err instanceof RouterConfigError) {
    console.error(
      JSON.stringify({
        level: "error",
        msg: "invalid router config",
        requestId,
        problems: err.problems,
      }),
    );
    return errorResponse(ApiError.internal(), requestId);
  }
  return errorResponse(err, requestId);
}
