import type { Settings } from "../env";
import { readD1Config } from "./d1-config";
import { buildRouterConfig, type RouterConfig } from "./router-config";
import { TtlCache } from "./ttl-cache";

/** The config could not be loaded or is invalid. Details are for the logs only. */
export class RouterConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid router config: ${problems.join("; ")}`);
    this.name = "RouterConfigError";
    this.problems = problems;
  }
}

const cache = new TtlCache<RouterConfig>();

/**
 * The router config, from the isolate cache when fresh. Static config is parsed once per distinct
 * JSON text; D1 config is re-read after `CONFIG_CACHE_TTL_MS`.
 */
export async function loadRouterConfig(settings: Settings, now: number): Promise<RouterConfig> {
  if (settings.CONFIG_SOURCE === "static") {
    const raw = settings.ROUTER_CONFIG;
    return cache.get(`static:${raw}`, now, Number.POSITIVE_INFINITY, async () => {
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch (err) {
        throw new RouterConfigError([`ROUTER_CONFIG is not JSON: ${String(err)}`]);
      }
      return unwrap(buildRouterConfig(json, "static"));
    });
  }
  const db = settings.DB;
  if (!db) throw new RouterConfigError(["DB binding is missing"]);
  return cache.get("d1", now, settings.CONFIG_CACHE_TTL_MS, async () =>
    unwrap(buildRouterConfig(await readD1Config(db), "d1")),
  );
}

function unwrap(result: ReturnType<typeof buildRouterConfig>): RouterConfig {
  if (!result.ok) throw new RouterConfigError(result.problems);
  return result.config;
}
