import { z } from "zod";

/**
 * The worker's configuration, parsed once per isolate from the bindings with zod. A deployment
 * that lacks a binding or has a malformed var answers every request with a generic 500 in the
 * envelope; what is wrong goes to the logs only.
 */
export const configSchema = z.object({
  DB: z.custom<D1Database>(
    (v) => typeof v === "object" && v !== null && "prepare" in v,
    "DB (D1) binding is missing",
  ),
  LIMITER: z.custom<DurableObjectNamespace>(
    (v) => typeof v === "object" && v !== null && "idFromName" in v,
    "LIMITER (Durable Object) binding is missing",
  ),
  /** Milliseconds an isolate trusts its cached project config. Default 15 000. */
  CONFIG_CACHE_TTL_MS: z.coerce.number().int().min(0).max(30_000).default(15_000),
  COUNTER_STORE: z.enum(["durable_object", "upstash"]).default("durable_object"),
});
export type Config = z.infer<typeof configSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

const parsed = new WeakMap<object, ConfigResult>();

/** Parses the bindings once per `env` object (one per isolate in production). */
export function readConfig(env: Env): ConfigResult {
  const cached = parsed.get(env);
  if (cached) return cached;
  const result = configSchema.safeParse(env);
  const value: ConfigResult = result.success
    ? { ok: true, config: result.data }
    : { ok: false, problems: result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  parsed.set(env, value);
  return value;
}
