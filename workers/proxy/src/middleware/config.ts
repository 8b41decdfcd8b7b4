import { ApiError } from "@floodgate/contracts";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { readConfig } from "../env";

/** Puts the parsed configuration on the context, or fails the request with a generic 500. */
export function config(): MiddlewareHandler<AppEnv> {
  return async function configMiddleware(c, next) {
    const result = readConfig(c.env);
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
    c.set("config", result.config);
    await next();
  };
}
