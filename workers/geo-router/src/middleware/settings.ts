import { ApiError } from "@floodgate/contracts";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { readSettings } from "../env";

/** Puts the parsed settings on the context, or fails the request with a generic 500. */
export function settings(): MiddlewareHandler<AppEnv> {
  return async function settingsMiddleware(c, next) {
    const result = readSettings(c.env);
    if (!result.ok) {
      console.error(
        JSON.stringify({
          level: "error",
          msg: "misconfigured deployment",
          problems: result.problems,
        }),
      );
      throw ApiError.internal();
    }
    c.set("settings", result.settings);
    await next();
  };
}
