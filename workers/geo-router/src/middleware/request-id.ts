import { requestIdFrom } from "@floodgate/http";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";

/**
 * Echoes a well-formed `x-request-id` from the caller or makes one, puts it on the context, sends
 * it to the origin, and sets it on every response the router writes itself. An origin's own
 * `x-request-id` on a forwarded response is left alone: that is the id its logs know.
 */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async function requestIdMiddleware(c, next) {
    const id = requestIdFrom(c.req.header("x-request-id"));
    c.set("requestId", id);
    await next();
    if (!c.res.headers.has("x-request-id")) c.header("x-request-id", id);
  };
}
