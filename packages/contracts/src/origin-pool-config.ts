import { z } from "zod";

/**
 * The geo-router's configuration: region pools of origins, steered by the caller's
 * country, then continent, then the default pool. One shape whether it comes from D1
 * (`origin_pools`, `origins`) or from a static JSON var, so the management API can validate pool
 * bodies with the same schemas.
 */

/**
 * Set by the proxy on every request it sends the geo-router through its service binding: the
 * router then forwards every path to an origin, its own `/health` and `/stats` included, so a
 * gateway or pool caller reaches the API behind it and never the router's own endpoints.
 */
export const FORWARDED_BY_PROXY_HEADER = "x-floodgate-via";

/**
 * The country a caller says it is in, for trying the geo-router locally: honoured only where the
 * router's `DEV_GEO_OVERRIDE` is `"true"` (never in the deploy config). The one `x-floodgate-*`
 * header of a caller's that the proxy passes on.
 */
export const DEV_COUNTRY_HEADER = "x-floodgate-dev-country";

/** In-pool load-balancing strategies; the same values as `originPoolStrategies` in `@floodgate/db`. */
export const poolStrategySchema = z.enum([
  "round_robin",
  "weighted",
  "least_outstanding",
  "ip_hash",
  "latency",
]);
export type PoolStrategy = z.infer<typeof poolStrategySchema>;

const countryCodeSchema = z
  .string()
  .regex(/^[A-Za-z]{2}$/, "country codes are ISO 3166-1 alpha-2, as in request.cf.country")
  .transform((v) => v.toUpperCase());

/** Continent codes as in `request.cf.continent`. */
export const continentCodeSchema = z
  .string()
  .transform((v) => v.toUpperCase())
  .pipe(z.enum(["AF", "AN", "AS", "EU", "NA", "OC", "SA"]));

/** Active health check of a pool's origins, run on the router's Cron Trigger. */
export const poolMonitorSchema = z.object({
  /** Path requested with GET on each origin, e.g. `/health`. Default `/health`. */
  path: z.string().startsWith("/").default("/health"),
  /** Milliseconds between two checks of an origin. Cron fires every minute; shorter intervals run several rounds per tick. Default 60 000. */
  intervalMs: z.number().int().min(5_000).max(3_600_000).default(60_000),
  /** Milliseconds a check may take before it counts as failed. Default 5 000. */
  timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  /** Statuses that count as healthy. Default 200–299. */
  expectedCodes: z
    .array(z.number().int().min(100).max(599))
    .min(1)
    .default(() => Array.from({ length: 100 }, (_, i) => 200 + i)),
  /** Consecutive passed checks before a down origin is up again. Default 2. */
  consecutiveUp: z.number().int().min(1).max(100).default(2),
  /** Consecutive failed checks before an up origin is down. Default 2. */
  consecutiveDown: z.number().int().min(1).max(100).default(2),
});
export type PoolMonitor = z.infer<typeof poolMonitorSchema>;

/**
 * Every 5xx but 501 Not Implemented and 505 HTTP Version Not Supported, which answer what the
 * request asked for (a method the origin lacks), not how the origin is doing.
 */
export const DEFAULT_FAILURE_STATUSES: readonly number[] = Array.from(
  { length: 100 },
  (_, i) => 500 + i,
).filter((status) => status !== 501 && status !== 505);

/** The default `maxCooldownMs`, as a multiple of `cooldownMs`. */
const DEFAULT_MAX_COOLDOWN_FACTOR = 10;

const passiveEjectionFieldsSchema = z.object({
  /** Consecutive failed requests that eject an origin. Default 3. */
  consecutiveFailures: z.number().int().min(1).max(1_000).default(3),
  /**
   * Milliseconds an origin ejected for the first time gets no traffic; its n-th ejection in a row
   * lasts n times as long (up to `maxCooldownMs`). Default 30 000.
   */
  cooldownMs: z.number().int().min(1_000).max(3_600_000).default(30_000),
  /**
   * Milliseconds the cool-down of an origin ejected again and again grows to at most; at least
   * `cooldownMs`. Default 10 × `cooldownMs` (300 000 with the default `cooldownMs`).
   */
  maxCooldownMs: z.number().int().min(1_000).max(86_400_000).optional(),
  /**
   * Statuses that count as a failed request (and are retried for idempotent requests); only 5xx.
   * Default every 5xx but 501 and 505. An origin a client can make answer 500 (a bug its input
   * triggers) is safer with the gateway failures only: `[502, 503, 504]`.
   */
  failureStatuses: z
    .array(z.number().int().min(500).max(599))
    .min(1)
    .default(() => [...DEFAULT_FAILURE_STATUSES]),
});

/** Fills the default `maxCooldownMs` and checks it is no shorter than `cooldownMs`. */
function withMaxCooldown<T extends { cooldownMs: number; maxCooldownMs?: number | undefined }>(
  ejection: T,
  ctx: z.RefinementCtx,
): Omit<T, "maxCooldownMs"> & { maxCooldownMs: number } {
  const maxCooldownMs = ejection.maxCooldownMs ?? DEFAULT_MAX_COOLDOWN_FACTOR * ejection.cooldownMs;
  if (maxCooldownMs < ejection.cooldownMs) {
    ctx.addIssue({
      code: "custom",
      path: ["maxCooldownMs"],
      message: `maxCooldownMs ${maxCooldownMs} is shorter than cooldownMs ${ejection.cooldownMs}`,
    });
  }
  return { ...ejection, maxCooldownMs };
}

/**
 * Passive ejection: live traffic that fails on the origin's side (connection error, timeout, one
 * of `failureStatuses`) takes an origin out of rotation for a cool-down, without waiting for the
 * next active check. What the client causes never counts: a 4xx, a client that goes away, a
 * request body that arrives slowly or not at all. An origin ejected again soon after its last
 * cool-down is out for longer each time (`cooldownMs` × the ejections that still count, up to
 * `maxCooldownMs`); each `cooldownMs` it then spends in service forgives one ejection.
 */
export const passiveEjectionSchema = passiveEjectionFieldsSchema.transform(withMaxCooldown);
export type PassiveEjection = z.infer<typeof passiveEjectionSchema>;

/**
 * What decides when an origin is ejected and for how long, without `failureStatuses` (which the
 * forwarding path applies): what the geo-router's HealthDO is told with each traffic report.
 */
export const ejectionTimingSchema = passiveEjectionFieldsSchema
  .pick({ consecutiveFailures: true, cooldownMs: true, maxCooldownMs: true })
  .transform(withMaxCooldown);
export type EjectionTiming = z.infer<typeof ejectionTimingSchema>;

/**
 * Session affinity: keep a client on one origin while that origin is healthy.
 * `cookie`: the router sets a cookie naming the origin; `header`: the value of a request header
 * (a session or identity id) is hashed onto the pool's healthy origins.
 */
export const affinitySchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("none") }),
  z.object({
    mode: z.literal("cookie"),
    /** Default `__floodgate_origin`. */
    cookieName: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .default("__floodgate_origin"),
    /** Seconds the cookie lives. Default 3 600. */
    ttlSeconds: z.number().int().min(1).max(31_536_000).default(3_600),
  }),
  z.object({
    mode: z.literal("header"),
    /** Default `x-session`. */
    headerName: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/)
      .transform((v) => v.toLowerCase())
      .default("x-session"),
  }),
]);
export type Affinity = z.infer<typeof affinitySchema>;

/** Most characters an origin id has, explicit or taken from the url. */
const ORIGIN_ID_MAX = 128;

/** Ids become response headers and Durable Object keys: keep them short and printable. */
const originIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:/@-]{1,128}$/, "origin ids use [A-Za-z0-9._:/@-], at most 128 of them");

/** A host name (IDN allowed) or a bracketed IPv6 address, and an optional port. */
const originHost = String.raw`(?:[\p{L}\p{N}_.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?`;
/** A base path: no query, fragment, whitespace or control characters. */
const originBase = String.raw`(?:\/[^?#\s\p{Cc}]*)?`;
const httpOriginUrl = new RegExp(`^https?:\\/\\/${originHost}${originBase}$`, "u");
const bindingOriginUrl = new RegExp(`^binding:\\/\\/[A-Za-z_][A-Za-z0-9_]*${originBase}$`, "u");

/**
 * `https://host[:port][/base]` (or `http://`), or `binding://NAME[/base]` to reach a Worker
 * through the service binding `env.NAME` instead of the network. No `user:password@`: fetch does
 * not send it, and the default origin id (shown to every caller) would. No whitespace or control
 * characters: fetch could not reach such a host, and the default id goes into a response header.
 */
export const originUrlSchema = z
  .string()
  .refine((v) => httpOriginUrl.test(v) || bindingOriginUrl.test(v), {
    message:
      "origin url must be http(s)://host[:port][/path] or binding://NAME[/path], without credentials, query, fragment, whitespace or control characters",
  });

export const originConfigSchema = z.object({
  /** Shown in `x-floodgate-origin` and `/stats`. Default: the url without its scheme. */
  id: originIdSchema.optional(),
  url: originUrlSchema,
  /** Relative share of traffic, 0..1 (0 = drained). Default 1. */
  weight: z.number().min(0).max(1).default(1),
  /** Disabled origins get no traffic and no checks. Default true. */
  enabled: z.boolean().default(true),
});
export type OriginConfigInput = z.input<typeof originConfigSchema>;

export const originPoolConfigSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "pool names use [A-Za-z0-9_-]"),
  /** Countries steered to this pool (ISO 3166-1 alpha-2). Default none. */
  countries: z.array(countryCodeSchema).default([]),
  /** Continents steered to this pool when no pool lists the country. Default none. */
  continents: z.array(continentCodeSchema).default([]),
  origins: z.array(originConfigSchema).min(1),
  /** Fewer available origins than this and the pool is skipped. Default 1. */
  minHealthy: z.number().int().min(1).default(1),
  strategy: poolStrategySchema.default("round_robin"),
  /** Null or absent: no active checks (passive ejection still applies). */
  monitor: poolMonitorSchema.nullable().default(null),
  ejection: passiveEjectionSchema.default(() => passiveEjectionSchema.parse({})),
  affinity: affinitySchema.default({ mode: "none" }),
});
export type OriginPoolConfigInput = z.input<typeof originPoolConfigSchema>;

/**
 * The whole router config. `failoverOrder` lists pool names by preference: when the steered pool
 * is unusable the router tries the others in this order. Default: the order of `pools`.
 */
export const routerConfigSchema = z
  .object({
    defaultPool: z.string(),
    failoverOrder: z.array(z.string()).optional(),
    pools: z.array(originPoolConfigSchema).min(1),
  })
  .superRefine((config, ctx) => {
    const names = new Set<string>();
    config.pools.forEach((pool, i) => {
      if (names.has(pool.name)) {
        ctx.addIssue({
          code: "custom",
          path: ["pools", i, "name"],
          message: `duplicate pool ${pool.name}`,
        });
      }
      names.add(pool.name);
      if (pool.minHealthy > pool.origins.length) {
        ctx.addIssue({
          code: "custom",
          path: ["pools", i, "minHealthy"],
          message: `pool ${pool.name} has ${pool.origins.length} origin(s): minHealthy ${pool.minHealthy} can never be met`,
        });
      }
      const ids = new Set<string>();
      pool.origins.forEach((origin, j) => {
        const id = origin.id ?? defaultOriginId(origin.url);
        if (id.length > ORIGIN_ID_MAX) {
          ctx.addIssue({
            code: "custom",
            path: ["pools", i, "origins", j, "id"],
            message: `the url, the origin's default id, is longer than ${ORIGIN_ID_MAX} characters: give the origin an id`,
          });
        }
        if (ids.has(id)) {
          ctx.addIssue({
            code: "custom",
            path: ["pools", i, "origins", j],
            message: `duplicate origin id ${id} in pool ${pool.name}`,
          });
        }
        ids.add(id);
      });
    });
    if (!names.has(config.defaultPool)) {
      ctx.addIssue({
        code: "custom",
        path: ["defaultPool"],
        message: `unknown pool ${config.defaultPool}`,
      });
    }
    config.failoverOrder?.forEach((name, i) => {
      if (!names.has(name)) {
        ctx.addIssue({
          code: "custom",
          path: ["failoverOrder", i],
          message: `unknown pool ${name}`,
        });
      }
    });
  });
export type RouterConfigInput = z.input<typeof routerConfigSchema>;
export type RouterConfigParsed = z.output<typeof routerConfigSchema>;

/** `https://eu.example.com/` → `eu.example.com`; `binding://MOCK_EU` → `MOCK_EU`. */
export function defaultOriginId(url: string): string {
  return url.replace(/^[a-z]+:\/\//, "").replace(/\/+$/, "");
}
