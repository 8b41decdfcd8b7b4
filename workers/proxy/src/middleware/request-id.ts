import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";

const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Echoes a well-formed `x-request-id` from the caller or makes one, puts it on the context and
 * on every response (errors included).
 */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async function requestIdMiddleware(c, next) {
    const incoming = c.req.header("x-request-id");
    const id =
      incoming && acceptable.test(incoming)
        ? incoming
        : `req_${crypto.randomUUID().replaceAll("-", "")}`;
    c.set("requestId", id);
    await next();
    c.header("x-request-id", id);
  };
}
