import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { delay } from "./delay";
import { injectedError } from "./injected-error";
import { parseKnobs } from "./knobs";

/**
 * Parses the `x-mock-*` knobs into `c.var.knobs`, waits `x-mock-latency-ms`, then answers an
 * `x-mock-status` with OpenAI's error body before the route runs.
 */
export function faultInjection(): MiddlewareHandler<AppEnv> {
  return async function faultInjectionMiddleware(c, next) {
    const knobs = parseKnobs(c.req.raw.headers);
    c.set("knobs", knobs);
    await delay(knobs.latencyMs);
    if (knobs.status !== undefined) throw injectedError(knobs.status, knobs.retryAfterSeconds);
    await next();
  };
}
