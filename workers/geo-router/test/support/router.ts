import {
  createExecutionContext,
  createScheduledController,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { RouterConfigInput } from "@floodgate/contracts";
import type { PoolHealthSnapshot } from "../../src/health/origin-health";
import worker from "../../src/index";

let counter = 0;
/** A name no other test uses (pools and control-origin tenants share state within a run). */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/** A RequestInit whose `cf` needs only the fields a test sets (country, continent). */
export type FetchInit = Omit<RequestInit, "cf"> & { cf?: Record<string, string> };

/**
 * The router worker (its real default export) running with a test-specific static config and
 * vars. Requests go through `fetch()`; `settle()` waits for their `waitUntil` work (traffic
 * reports to the HealthDO); `tick()` runs the Cron Trigger at a given time.
 */
export function routerWith(config: RouterConfigInput | "d1", vars: Record<string, string> = {}) {
  const source =
    config === "d1"
      ? { CONFIG_SOURCE: "d1" }
      : { CONFIG_SOURCE: "static", ROUTER_CONFIG: JSON.stringify(config) };
  const routerEnv = { ...env, ...source, ...vars } as Env;
  const contexts: ExecutionContext[] = [];
  return {
    env: routerEnv,
    fetch(path: string, init: FetchInit = {}): Promise<Response> {
      const ctx = createExecutionContext();
      contexts.push(ctx);
      const request = new Request(`https://router.example${path}`, init as RequestInit) as Request<
        unknown,
        IncomingRequestCfProperties
      >;
      return Promise.resolve(worker.fetch(request, routerEnv, ctx));
    },
    async settle(): Promise<void> {
      await Promise.all(contexts.splice(0).map((ctx) => waitOnExecutionContext(ctx)));
    },
    async tick(scheduledTime: number): Promise<void> {
      const ctx = createExecutionContext();
      await worker.scheduled(
        createScheduledController({ scheduledTime, cron: "* * * * *" }),
        routerEnv,
      );
      await waitOnExecutionContext(ctx);
    },
    health(pool: string): Promise<PoolHealthSnapshot> {
      return env.HEALTH.getByName(pool).snapshot();
    },
  };
}

/** The control origin's tenant `name` (test/fixtures/control-origin.js). */
export function controlOrigin(name: string) {
  const url = `http://ctl/${name}/__control`;
  return {
    name,
    url: `binding://CTL/${name}`,
    async set(state: {
      health?: number;
      healthDelayMs?: number;
      status?: number;
      delayMs?: number;
    }): Promise<void> {
      await env.CTL.fetch(url, { method: "POST", body: JSON.stringify(state) });
    },
    async read(): Promise<{
      requests: number;
      bodies: number;
      checks: number;
      maxInFlight: number;
    }> {
      return (await env.CTL.fetch(url)).json();
    },
  };
}

/**
 * The router with one pool of two control origins, `a` and `b` (`a` tried first: round robin on
 * a fresh pool), and `settings` for the rest of the pool (ejection, monitor, …).
 */
export function twoOriginPool(
  prefix: string,
  settings: Omit<RouterConfigInput["pools"][number], "name" | "origins"> = {},
  vars: Record<string, string> = {},
) {
  const t = uid(prefix);
  const a = controlOrigin(`${t}-a`);
  const b = controlOrigin(`${t}-b`);
  const pool = uid(prefix);
  const origins = [
    { id: "a", url: a.url },
    { id: "b", url: b.url },
  ];
  const router = routerWith(
    { defaultPool: pool, pools: [{ name: pool, origins, ...settings }] },
    vars,
  );
  return { router, a, b, pool, tenant: t };
}

/** What the control origin echoes back for a forwarded request. */
export interface Echo {
  tenant: string;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
