import { ApiError, FORWARDED_BY_PROXY_HEADER } from "@floodgate/contracts";
import { Hono } from "hono";
import type { AppEnv } from "./app-env";
import { renderError } from "./middleware/on-error";
import { requestId } from "./middleware/request-id";
import { settings } from "./middleware/settings";
import { forward } from "./routes/forward";
import { health } from "./routes/health";
import { stats } from "./routes/stats";

const reserved = (c: { req: { method: string; path: string } }): never => {
  throw new ApiError({
    status: 405,
    type: "invalid_request_error",
    code: "method_not_allowed",
    message: `${c.req.path} is reserved by the router and only answers GET.`,
    headers: { allow: "GET, HEAD" },
  });
};

/**
 * Builds the router's Hono app: `/health` and `/stats` are the router's own; every other path
 * and method is forwarded to an origin, and so is every request the proxy forwards (marked with
 * `FORWARDED_BY_PROXY_HEADER`): the API behind the router may have a `/health` of its own. One
 * error renderer for everything the router answers.
 */
export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(settings());
  app.use(async function forwardedByProxy(c, next) {
    if (c.req.header(FORWARDED_BY_PROXY_HEADER) === undefined) return next();
    c.res = await forward(c);
  });
  app.route("/health", health);
  app.route("/stats", stats);
  app.all("/health", reserved);
  app.all("/stats", reserved);
  app.all("*", forward);
  app.onError(renderError);
  return app;
}
