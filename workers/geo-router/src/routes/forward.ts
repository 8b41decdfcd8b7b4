import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { loadRouterConfig } from "../config/load-config";
import { forwardRequest } from "../forwarding/forward-request";
import { runtime } from "../runtime";

/** Every path the router does not reserve (`/health`, `/stats`) goes to an origin. */
export async function forward(c: Context<AppEnv>): Promise<Response> {
  const settings = c.var.settings;
  const { config } = await loadRouterConfig(settings, Date.now());
  return forwardRequest(c.req.raw, c.var.requestId, {
    env: c.env,
    settings,
    config,
    health: runtime.health,
    load: runtime.load,
    waitUntil: (promise) => c.executionCtx.waitUntil(promise),
    now: Date.now,
    random: Math.random,
  });
}
