import { z } from "zod";
import { tierNameSchema } from "./identity-headers";

/** Providers Floodgate can forward to. All but `pool` speak OpenAI's wire format at `baseUrl`. */
export const providerKindSchema = z.enum([
  "openai",
  "anthropic",
  "google",
  "xai",
  "groq",
  "custom",
  "pool",
]);
export type ProviderKind = z.infer<typeof providerKindSchema>;

/** Default OpenAI-compatible base URLs, used when a route names a provider without `baseUrl`. */
export const providerBaseUrls: Record<Exclude<ProviderKind, "custom" | "pool">, string> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com/v1",
  google: "https://generativelanguage.googleapis.com/v1beta/openai",
  xai: "https://api.x.ai/v1",
  groq: "https://api.groq.com/openai/v1",
};

/** A model glob: letters, digits and `-._:/@`, with `*` as the wildcard. */
export const modelPatternSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9*._:/@-]+$/, "model patterns use letters, digits, '-._:/@' and '*'");

/**
 * Why a base URL cannot be used, or null when it can. A path is joined onto it and a query stays
 * at its end (`upstream/fetch-upstream.ts`), so a `#fragment` would swallow the endpoint path;
 * credentials in it would be sent on every call and shown wherever the settings are; a
 * `binding://` host names a service binding, so it must be a binding name.
 */
/** A DNS name or IPv4 address, or an IPv6 one in brackets, with an optional port. */
const hostAndPort =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function upstreamUrlProblem(value: string): string | null {
  const scheme = /^(https?|binding):\/\//.exec(value);
  if (!scheme || /\s/.test(value)) return "must be an http(s):// or binding:// URL";
  if (value.includes("#")) return "must not have a #fragment";
  const authority = value.slice(scheme[0].length).split(/[/?]/, 1)[0] ?? "";
  if (authority.includes("@")) {
    return "must not carry credentials (user:password@); use a stored provider key instead";
  }
  if (scheme[1] === "binding") {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(authority)
      ? null
      : "binding:// must be followed by a service binding name (letters, digits, _)";
  }
  return hostAndPort.test(authority) ? null : "must name a valid host (and port)";
}

/**
 * An upstream base URL: `https://…`, `http://…`, or `binding://NAME/path` for a service binding
 * of the worker (the geo-router, or the mock origin in local development). No `#fragment`, no
 * `user:password@`.
 */
export const upstreamUrlSchema = z
  .string()
  .max(2048)
  .describe("An http(s):// or binding://NAME URL, with no #fragment and no user:password@.")
  .superRefine((value, ctx) => {
    const problem = upstreamUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const providerRouteSchema = z
  .object({
    /** Model globs this route serves; the first route that matches a request's model wins. */
    models: z.array(modelPatternSchema).min(1).default(["*"]),
    provider: providerKindSchema,
    /** Required for `custom`; defaults to the provider's public endpoint otherwise. */
    baseUrl: upstreamUrlSchema.optional(),
    /** `passthrough` forwards the caller's `Authorization`; `stored` uses the project's key. */
    keyMode: z.enum(["passthrough", "stored"]).default("passthrough"),
  })
  .refine((r) => r.provider !== "custom" || r.baseUrl !== undefined, {
    message: "a custom provider needs a baseUrl",
    path: ["baseUrl"],
  });
export type ProviderRoute = z.infer<typeof providerRouteSchema>;

/** Price of a model in micro-USD per million tokens (so $2.50 / 1M = 2_500_000). */
export const modelPriceSchema = z.object({
  inputMicroUsdPerMTok: z.number().int().min(0),
  outputMicroUsdPerMTok: z.number().int().min(0),
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;

const templateSchema = z.string().max(1000);

/**
 * A limit per app session (`x-session`), on top of the identity's rules: rolling windows only,
 * since sessions are short-lived. E.g. at most 20 requests per 10 minutes in one chat session.
 */
export const sessionRuleSchema = z.object({
  metric: z.enum(["requests", "tokens", "input_tokens", "output_tokens", "cost_micro_usd"]),
  /** Rolling window length, ms: 1 s … 31 days. */
  windowMs: z
    .number()
    .int()
    .min(1_000)
    .max(31 * 86_400_000),
  /** In units of `metric`; an integer ≥ 0. */
  limit: z.number().int().min(0),
});
export type SessionRule = z.infer<typeof sessionRuleSchema>;

/** Everything a project configures about the hot path. Every field has a default. */
export const projectSettingsSchema = z.object({
  routes: z.array(providerRouteSchema).max(50).default([]),
  /**
   * Tier when nothing else names one. While it names no tier of the project (not created yet,
   * deleted, misspelt), the tier marked default stands in.
   */
  defaultTier: tierNameSchema.optional(),
  /** When false, `x-tier` is ignored: the tier comes from a signed claim or the identity record. Default true. */
  allowClientTier: z.boolean().default(true),
  /** When true, calls must carry a signed identity token. Default false. */
  requireSignedIdentity: z.boolean().default(false),
  /** Where the app backend's public keys live (RS/ES tokens); HS256 uses the project's signing secret. */
  identityJwksUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Browser mode: allowed `Origin` values (exact, or `*.example.com`). Empty: no browser check. */
  allowedOrigins: z.array(z.string().min(1).max(300)).max(100).default([]),
  /** IANA time zone for calendar windows. Default UTC. */
  timeZone: z
    .string()
    .default("UTC")
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "unknown IANA time zone"),
  /** Share of a rule's limit past which responses carry `x-floodgate-warning`. Default 0.8. */
  warningThreshold: z.number().gt(0).max(1).default(0.8),
  /** Milliseconds to wait for the upstream's first byte. Default 60 000. */
  upstreamTimeoutMs: z.number().int().min(1_000).max(600_000).default(60_000),
  /**
   * Milliseconds the upstream may stay silent once its head has arrived: before the first byte
   * of the body and between two chunks. On `/v1` a stalled stream is ended with an error event
   * and a stalled whole answer is a 504; on the gateway the origin's body is cancelled and the
   * caller's connection cut. Default 60 000.
   */
  upstreamIdleTimeoutMs: z.number().int().min(1_000).max(600_000).default(60_000),
  /** Custom 429 messages with `{{usage}}`, `{{limit}}`, `{{tier}}`, `{{model}}`, `{{period}}`, `{{identity}}`. */
  messages: z
    .object({
      limit: templateSchema.optional(),
      quota: templateSchema.optional(),
      tiers: z.record(tierNameSchema, templateSchema).optional(),
    })
    .default({}),
  upgradeUrl: z.url().max(2048).optional(),
  deepLink: z.string().max(2048).optional(),
  /** Per-project price overrides by model glob, checked before the built-in table. */
  prices: z.record(modelPatternSchema, modelPriceSchema).default({}),
  /** Limits per `x-session` (requests without the header are not session-limited). Default none. */
  sessionRules: z.array(sessionRuleSchema).max(10).default([]),
  /** Origin for the generic gateway `/gw/:slug/*`: an http(s) URL or a binding:// URL. */
  gatewayOrigin: upstreamUrlSchema.optional(),
});
export type ProjectSettings = z.infer<typeof projectSettingsSchema>;
export type ProjectSettingsInput = z.input<typeof projectSettingsSchema>;
