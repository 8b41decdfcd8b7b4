import { ApiError, floodgateHeadersSchema } from "@floodgate/contracts";
import { createDb } from "@floodgate/db";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { sha256Hex } from "../crypto/sha256";
import { projectConfigs } from "../project/config-cache";

/**
 * Who is calling: validates the Floodgate headers, finds the project of `x-project-key` (from the
 * isolate cache; D1 only on a miss) and puts the caller on the context.
 */
export function caller(): MiddlewareHandler<AppEnv> {
  return async function callerMiddleware(c, next) {
    const parsed = floodgateHeadersSchema.safeParse({
      "x-project-key": c.req.header("x-project-key"),
      "x-identity": c.req.header("x-identity"),
      "x-tier": c.req.header("x-tier"),
      "x-session": c.req.header("x-session"),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const header = String(issue?.path[0] ?? "headers");
      throw ApiError.badRequest(issue?.message ?? "invalid headers", header, "invalid_header");
    }
    const headers = parsed.data;
    const keyHash = await sha256Hex(headers["x-project-key"]);
    const lookup = await projectConfigs.get(
      createDb(c.var.config.DB),
      keyHash,
      c.var.config.CONFIG_CACHE_TTL_MS,
      Date.now(),
    );
    if (!lookup.ok) {
      if (lookup.reason === "invalid_settings") throw ApiError.internal();
      throw ApiError.unauthorized("Unknown project key.", "invalid_project_key");
    }
    if (lookup.config.disabled)
      throw ApiError.unauthorized("This project is disabled.", "project_disabled");
    const identity = headers["x-identity"];
    if (identity === undefined) {
      throw ApiError.badRequest("x-identity header is required", "x-identity", "invalid_header");
    }
    c.set("caller", {
      project: lookup.config,
      identity,
      clientTier: headers["x-tier"] ?? null,
      session: headers["x-session"] ?? null,
    });
    await next();
  };
}
