import { ApiError } from "@floodgate/contracts";
import { errorResponse } from "@floodgate/http";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { RouterConfigError } from "../config/load-config";

/**
 * The single renderer of errors: every failure the router itself answers leaves it in the
 * envelope, with the request id. Unexpected exceptions become a generic 500 whose details go to
 * the logs only. A router that never had a valid config answers 503 naming only the kind of
 * problem; what is wrong was logged when the config was loaded.
 */
export function renderError(err: unknown, c: Context<AppEnv>): Response {
  const requestId = c.get("requestId") ?? null;
  if (err instanceof RouterConfigError) return errorResponse(noConfig(err), requestId);
  return errorResponse(err, requestId);
}

function noConfig(err: RouterConfigError): ApiError {
  return new ApiError({
    status: 503,
    type: "api_error",
    code: err.kind === "invalid" ? "router_config_invalid" : "router_config_unavailable",
    message:
      err.kind === "invalid"
        ? "The router has no valid configuration of origin pools; its operator can find what is wrong in the router's logs."
        : "The router could not read its configuration of origin pools. Try again later.",
  });
}
