import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { setResponseHeader } from "./response-header";

/** The response headers a page may read: the request id and the rate-limit contract. */
const exposed = [
  "x-request-id",
  "retry-after",
  "retry-after-ms",
  "x-should-retry",
  "x-floodgate-warning",
  "x-floodgate-tier",
  "x-ratelimit-limit-requests",
  "x-ratelimit-remaining-requests",
  "x-ratelimit-reset-requests",
  "x-ratelimit-limit-tokens",
  "x-ratelimit-remaining-tokens",
  "x-ratelimit-reset-tokens",
].join(", ");

const allowedMethods = "GET, POST, OPTIONS";
const preflightMaxAgeSeconds = "600";

/**
 * CORS for browser mode. A preflight carries no project key, so it is answered for any origin;
 * the real request is then checked against the project's allow-list by `caller()`, and its answer
 * (an error included) names the origin so the page can read it. Requested headers are reflected
 * (the OpenAI SDK sends several `x-stainless-*` ones). A request without `Origin` (an app, a
 * server) gets only `Vary: Origin`: its answer is built with no extra header and no copy.
 */
export function browserCors(): MiddlewareHandler<AppEnv> {
  return async function browserCorsMiddleware(c, next) {
    const origin = c.req.header("origin");
    if (c.req.method === "OPTIONS") {
      const headers = new Headers({
        "access-control-allow-methods": allowedMethods,
        "access-control-max-age": preflightMaxAgeSeconds,
        vary: "Origin, Access-Control-Request-Headers",
      });
      if (origin) headers.set("access-control-allow-origin", origin);
      const requested = c.req.header("access-control-request-headers");
      if (requested) headers.set("access-control-allow-headers", requested);
      return new Response(null, { status: 204, headers });
    }
    await next();
    setResponseHeader(c, "vary", "Origin", { append: true });
    if (origin) {
      setResponseHeader(c, "access-control-allow-origin", origin);
      setResponseHeader(c, "access-control-expose-headers", exposed);
    }
  };
}
