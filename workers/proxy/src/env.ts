import { z } from "zod";
import { defaultSettleBatchMs } from "./limiter/settle-queue";

/**
 * The worker's configuration, parsed once per isolate from the bindings with zod. A deployment
 * that lacks a binding or has a malformed var answers every request with a generic 500 in the
 * envelope; what is wrong goes to the logs only.
 */
export const configSchema = z.object({
  DB: z.custom<Env["DB"]>(
    (v) => typeof v === "object" && v !== null && "prepare" in v,
    "DB (D1) binding is missing",
  ),
  LIMITER: z.custom<Env["LIMITER"]>(
    (v) => typeof v === "object" && v !== null && "idFromName" in v,
    "LIMITER (Durable Object) binding is missing",
  ),
  SHIELD: z.custom<Env["SHIELD"]>(
    (v) => typeof v === "object" && v !== null && "idFromName" in v,
    "SHIELD (Durable Object) binding is missing",
  ),
  /** Milliseconds an isolate trusts its cached project config. Default 15 000. */
  CONFIG_CACHE_TTL_MS: z.coerce.number().int().min(0).max(30_000).default(15_000),
  /**
   * Milliseconds a finished request's settle waits in the isolate for the identity's next call to
   * carry it (see `limiter/settle-queue.ts`); 0 sends it at once. Default 1 000.
   */
  SETTLE_BATCH_MS: z.coerce.number().int().min(0).max(10_000).default(defaultSettleBatchMs),
  /**
   * Base64 of 32 bytes: the AES-256-GCM key of stored provider keys and identity signing
   * secrets. Optional for the proxy: only projects that use stored secrets need it.
   */
  MASTER_KEY: z.string().min(1).optional(),
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
