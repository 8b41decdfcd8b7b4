import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { loadRouterConfig } from "../config/load-config";

/**
 * `GET /health`: the router is up and has a valid config (read from D1 or the static var, through
 * the isolate cache). An invalid config answers a generic 500 in the envelope.
 */
export const health = new Hono<AppEnv>().get("/", async (c) => {
  const config = await loadRouterConfig(c.var.settings, Date.now());
  return c.json({
    status: "ok",
    config: {
      source: config.source,
      pools: config.pools.length,
      defaultPool: config.defaultPool.name,
    },
  });
});
