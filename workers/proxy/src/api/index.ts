import { createDb } from "@floodgate/db";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiApp, ApiEnv } from "./api-env";
import { apiBodyLimit } from "./http/body-limit";
import { validationHook } from "./http/validation-hook";
import { docsPage } from "./openapi/docs-page";
import { openApiDocument } from "./openapi/document";
import { registerRoutes } from "./routes";

/**
 * The management API, mounted at `/api`: every route validates its input with zod (a failure is a
 * 400 in the envelope), declares who may call it, and is described in `/api/openapi.json`.
 * Errors are thrown as `ApiError` and rendered by the app's single `onError`.
 */
export function createApi(): ApiApp {
  const api = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  api.use(apiBodyLimit());
  api.use(async function databaseMiddleware(c, next) {
    c.set("db", createDb(c.var.config.DB));
    await next();
  });
  registerRoutes(api);
  api.get("/openapi.json", (c) => c.json(openApiDocument(api)));
  api.get("/docs", (c) => c.html(docsPage(openApiDocument(api))));
  return api;
}
