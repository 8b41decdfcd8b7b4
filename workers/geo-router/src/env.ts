import { z } from "zod";
import type { ConfigSource } from "./config/router-config";

const ms = (max: number, fallback: number) =>
  z.coerce.number().int().min(0).max(max).default(fallback);

/**
 * The worker's settings, parsed once per isolate from the bindings with zod. A deployment that
 * lacks a binding or has a malformed var answers every request with a generic 500 in the
 * envelope; what is wrong goes to the logs only. (Pools and origins are the router *config*,
 * loaded separately; see `config/`.)
 */
export const settingsSchema = z
  .object({
    DB: z
      .custom<D1Database>(
        (v) => typeof v === "object" && v !== null && "prepare" in v,
        "DB (D1) binding is missing",
      )
      .optional(),
    HEALTH: z.custom<Env["HEALTH"]>(
      (v) => typeof v === "object" && v !== null && "idFromName" in v,
      "HEALTH (Durable Object) binding is missing",
    ),
    /** Where pools come from. Default `d1`. */
    CONFIG_SOURCE: z.enum(["d1", "static"]).default("d1"),
    /** The config JSON when `CONFIG_SOURCE` is `static`. */
    ROUTER_CONFIG: z.string().default(""),
    /** Ms an isolate trusts its cached config. Default 30 000. */
    CONFIG_CACHE_TTL_MS: ms(300_000, 30_000),
    /** Ms an isolate trusts its cached pool health. Default 2 000. */
    HEALTH_CACHE_TTL_MS: ms(60_000, 2_000),
    /** Ms between batched traffic reports to a pool's HealthDO. Default 2 000. */
    STATS_FLUSH_MS: ms(60_000, 2_000),
    /** Ms an origin has to send response headers, once it has the whole request. Default 30 000. */
    ORIGIN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    /** Extra attempts on another origin for idempotent requests. Default 1. */
    MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
    /** Largest request body buffered for a retry, bytes. Default 1 MiB. */
    MAX_RETRY_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(100 * 1024 * 1024)
      .default(1024 * 1024),
    /** `"true"` honours `x-floodgate-dev-country`. Dev only. Default false. */
    DEV_GEO_OVERRIDE: z
      .enum(["true", "false", ""])
      .default("false")
      .transform((v) => v === "true"),
    STATS_TOKEN: z.string().min(16, "STATS_TOKEN must have at least 16 characters").optional(),
  })
  .superRefine((s, ctx) => {
    if (s.CONFIG_SOURCE === "static" && s.ROUTER_CONFIG.trim() === "") {
      ctx.addIssue({
        code: "custom",
        path: ["ROUTER_CONFIG"],
        message: "required when CONFIG_SOURCE is static",
      });
    }
    if (s.CONFIG_SOURCE === "d1" && !s.DB) {
      ctx.addIssue({
        code: "custom",
        path: ["DB"],
        message: "DB (D1) binding is required when CONFIG_SOURCE is d1",
      });
    }
  });
export type Settings = z.infer<typeof settingsSchema> & { CONFIG_SOURCE: ConfigSource };

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; problems: string[] };

const parsed = new WeakMap<object, SettingsResult>();

/** Parses the bindings once per `env` object (one per isolate in production). */
export function readSettings(env: Env): SettingsResult {
  const cached = parsed.get(env);
  if (cached) return cached;
  const result = settingsSchema.safeParse(env);
  const value: SettingsResult = result.success
    ? { ok: true, settings: result.data }
    : { ok: false, problems: result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  parsed.set(env, value);
  return value;
}
