import type { Settings } from "../env";
import { readD1Config } from "./d1-config";
import { buildRouterConfig, type ConfigResult, type RouterConfig } from "./router-config";
import { TtlCache } from "./ttl-cache";

/** Why there is no config to use: it does not validate, or it could not be read (D1). */
export type RouterConfigProblem = "invalid" | "unavailable";

/**
 * The router has no config to serve with: none it loaded so far was valid. The problems are for
 * the logs only; a client learns only the {@link RouterConfigProblem}.
 */
export class RouterConfigError extends Error {
  readonly kind: RouterConfigProblem;
  readonly problems: string[];
  constructor(kind: RouterConfigProblem, problems: string[]) {
    super(`router config ${kind}: ${problems.join("; ")}`);
    this.name = "RouterConfigError";
    this.kind = kind;
    this.problems = problems;
  }
}

/** The config the router serves with, and what its operator should know about it. */
export interface LoadedRouterConfig {
  config: RouterConfig;
  /** What was left out of it: D1 rows that do not validate (see `readD1Config`). */
  skipped: string[];
  /**
   * Set while the latest reload could not be used and `config` is the last valid one: why, and
   * since when (epoch ms). Null when `config` is the latest.
   */
  stale: { kind: RouterConfigProblem; problems: string[]; since: number } | null;
}

/** Per isolate: a config, or the error of a config source that never gave a valid one. */
const cache = new TtlCache<LoadedRouterConfig | RouterConfigError>();

/**
 * The router config, from the isolate cache when fresh. Static config is parsed once per distinct
 * JSON text and is valid as a whole or not at all. D1 config is re-read after
 * `CONFIG_CACHE_TTL_MS`; rows that do not validate are left out, and a reload that is invalid as
 * a whole, or that cannot read D1, keeps the last valid config. Throws a {@link RouterConfigError}
 * only when the isolate never had a valid config. Problems are logged once per (re)load.
 */
export async function loadRouterConfig(
  settings: Settings,
  now: number,
): Promise<LoadedRouterConfig> {
  const loaded =
    settings.CONFIG_SOURCE === "static"
      ? await cache.get(
          `static:${settings.ROUTER_CONFIG}`,
          now,
          Number.POSITIVE_INFINITY,
          async () => settle(parseStatic(settings.ROUTER_CONFIG), undefined, now),
        )
      : await cache.get("d1", now, settings.CONFIG_CACHE_TTL_MS, (expired) =>
          reloadFromD1(settings.DB, expired, now),
        );
  if (loaded instanceof RouterConfigError) throw loaded;
  return loaded;
}

function parseStatic(raw: string): ConfigResult {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    // The parser's message quotes the text around the error, which may hold a secret.
    return { ok: false, problems: ["ROUTER_CONFIG is not valid JSON"] };
  }
  return buildRouterConfig(json, "static");
}

async function reloadFromD1(
  db: D1Database | undefined,
  expired: LoadedRouterConfig | RouterConfigError | undefined,
  now: number,
): Promise<LoadedRouterConfig | RouterConfigError> {
  let result: ConfigResult;
  try {
    if (!db) throw new Error("the DB binding is missing");
    result = await readD1Config(db);
  } catch (err) {
    const problem = `D1 read failed: ${err instanceof Error ? err.message : String(err)}`;
    const kept = keepLastValid(expired, "unavailable", [problem], now);
    // Not cached: the next request tries D1 again.
    if (kept instanceof RouterConfigError) throw kept;
    return kept;
  }
  return settle(result, expired, now);
}

function settle(
  result: ConfigResult,
  expired: LoadedRouterConfig | RouterConfigError | undefined,
  now: number,
): LoadedRouterConfig | RouterConfigError {
  if (!result.ok) return keepLastValid(expired, "invalid", result.problems, now);
  if (result.skipped.length > 0) {
    console.warn(
      JSON.stringify({
        level: "warn",
        msg: "router config: left out what does not validate",
        source: result.config.source,
        skipped: result.skipped,
      }),
    );
  }
  return { config: result.config, skipped: result.skipped, stale: null };
}

/**
 * The last valid config, marked stale, when there is one; else the error, which the cache keeps
 * for a TTL (an invalid config does not mend itself between two requests).
 */
function keepLastValid(
  expired: LoadedRouterConfig | RouterConfigError | undefined,
  kind: RouterConfigProblem,
  problems: string[],
  now: number,
): LoadedRouterConfig | RouterConfigError {
  const previous = expired instanceof RouterConfigError ? undefined : expired;
  console.error(
    JSON.stringify({
      level: "error",
      msg: previous ? "keeping the last valid router config" : "no valid router config",
      kind,
      problems,
    }),
  );
  if (!previous) return new RouterConfigError(kind, problems);
  return { ...previous, stale: { kind, problems, since: previous.stale?.since ?? now } };
}
