import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import type { RequestCounter } from "./request-stats";

/** Paths that are not "calls reaching the origin": probes and the mock's own admin routes. */
function isUncounted(path: string): boolean {
  return path === "/health" || path.startsWith("/__mock/");
}

/** Counts every request (including ones that end in an error) before anything can reject it. */
export function countRequests(counter: RequestCounter): MiddlewareHandler<AppEnv> {
  return async function countRequestsMiddleware(c, next) {
    if (!isUncounted(c.req.path)) counter.record(c.req.path);
    await next();
  };
}
