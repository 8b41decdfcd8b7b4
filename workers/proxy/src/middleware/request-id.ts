import { requestIdFrom } from "@floodgate/http";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { setResponseHeader } from "./response-header";

/**
 * Echoes a well-formed `x-request-id` from the caller or makes one, puts it on the context and
 * on every response (errors included).
 */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async function requestIdMiddleware(c, next) {
    const id = requestIdFrom(c.req.header("x-request-id"));
    c.set("requestId", id);
    await next();
    setResponseHeader(c, "x-request-id", id);
  };
}
