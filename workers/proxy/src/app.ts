import { Hono } from "hono";
import { createApi } from "./api";
import type { AppEnv } from "./app-env";
import { createGateway } from "./gateway";
import { config } from "./middleware/config";
import { renderError, renderNotFound } from "./middleware/on-error";
import { requestId } from "./middleware/request-id";
import { health } from "./routes/health";
import { v1 } from "./routes/v1";

/** Builds the proxy's Hono app: middleware, routes, and the one error renderer. */
export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(config());
  app.route("/health", health);
  app.route("/v1", v1);
  app.route("/api", createApi());
  app.route("/gw", createGateway());
  app.notFound(renderNotFound);
  app.onError(renderError);
  return app;
}
