import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { loadRouterConfig } from "../config/load-config";

/**
 * `GET /health`: the router is up and has a valid config (read from D1 or the static var, through
 * the isolate cache). `skipped` counts what was left out of it (D1 rows that do not validate);
 * `stale` says the latest reload could not be used and this is the last valid config. Without any
 * valid config it answers 503 in the envelope.
 */
export const health = new Hono<AppEnv>().get("/", async (c) => {
  const { config, skipped, stale } = await loadRouterConfig(c.var.settings, Date.now());
  return c.json({
    status: "ok",
    config: {
      source: config.source,
      pools: config.pools.length,
      defaultPool: config.defaultPool.name,
      skipped: skipped.length,
      stale: stale !== null,
    },
  });
});
