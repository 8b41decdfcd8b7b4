import { identitySchema, sessionSchema, tierNameSchema } from "@floodgate/contracts";
import { MAX_LATENCY_MS } from "@floodgate/metering";
import {
  isMetric,
  type Metric,
  type Rule,
  type RuleUsage,
  validateRules,
} from "@floodgate/ratelimit";
import { z } from "zod";

/**
 * The LimiterDO's RPC inputs and outputs. Every input is validated with zod (rules with the
 * limiter's own validator); a bad input is answered with an `invalid_input` value and changes
 * nothing.
 */
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const costSchema = z.object({
  requests: count,
  inputTokens: count,
  outputTokens: count,
  costMicroUsd: count,
});

/**
 * A rule list as it travels to the LimiterDO: its JSON text. A string costs less to send than the
 * object graph, and it is the key under which the isolate keeps the list validated and compiled,
 * so a project's unchanged rules are validated once, not on every call.
 */
export type RulesText = string & { readonly __rulesText: unique symbol };

/** The text the LimiterDO takes for a rule list. */
export function rulesText(rules: readonly Rule[]): RulesText {
  return JSON.stringify(rules) as RulesText;
}

const MAX_RULES = 1000;
/** Rule lists validated in this isolate, by text, oldest first; a few per project at most. */
const validatedRules = new Map<string, Rule[]>();
const VALIDATED_RULES_KEPT = 64;

/** A list of rules checked by the limiter's own validator; what is wrong goes to `ctx`. */
function checkedRules(input: unknown[], ctx: z.RefinementCtx): Rule[] {
  const result = validateRules(input);
  if (result.ok) return result.rules;
  for (const e of result.errors) ctx.addIssue({ code: "custom", message: e.message, path: e.path });
  return z.NEVER;
}

/** The rules of a `RulesText`, validated; the same (frozen) array for the same text. */
function validRules(text: string, ctx: z.RefinementCtx): Rule[] {
  const known = validatedRules.get(text);
  if (known) return known;
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: "custom", message: "rules must be the JSON text of a rule list" });
    return z.NEVER;
  }
  if (!Array.isArray(input) || input.length > MAX_RULES) {
    ctx.addIssue({ code: "custom", message: `rules must be a list of at most ${MAX_RULES} rules` });
    return z.NEVER;
  }
  const checked = checkedRules(input, ctx);
  if (checked === z.NEVER) return z.NEVER;
  const rules = Object.freeze(checked) as Rule[];
  if (validatedRules.size >= VALIDATED_RULES_KEPT) {
    const oldest = validatedRules.keys().next().value;
    if (oldest !== undefined) validatedRules.delete(oldest);
  }
  validatedRules.set(text, rules);
  return rules;
}

const rulesSchema = z.string().max(1_000_000).transform(validRules);

/** Identity overrides, sent by the management API as a list (rarely, so no memo). */
const ruleListSchema = z.array(z.unknown()).max(MAX_RULES).transform(checkedRules);

const ownerSchema = z.object({
  projectId: z.string().min(1).max(100),
  identity: identitySchema,
});

/** The tier sources, most trusted first; the identity's record sits between claimed and client. */
export const tierInputSchema = z.object({
  /** From a verified identity token. */
  claimed: tierNameSchema.nullable(),
  /** `x-tier`, only when the project allows client tiers. */
  client: tierNameSchema.nullable(),
  /** The project default. */
  fallback: tierNameSchema.nullable(),
  /**
   * The project's tiers. A tier in the identity's record that is not among them (deleted since it
   * was set) is passed over: the identity falls to the next source, not to no tier's rules.
   */
  projectTiers: z.array(tierNameSchema).max(1000),
});
export type TierInput = z.input<typeof tierInputSchema>;

/** An app session (`x-session`): its rules count per session, beside the identity's. */
const sessionFields = {
  session: sessionSchema.optional(),
  /** Rules per session; only applied with a `session`. Default none. */
  sessionRules: rulesSchema.optional().transform((rules) => rules ?? []),
};

const scopeSchema = ownerSchema.extend({
  rules: rulesSchema,
  model: z.string().min(1).max(200).nullable(),
  tier: tierInputSchema,
  ...sessionFields,
});

/** How the upstream call went, counted in the hourly metrics when the call closes a reservation. */
const upstreamOutcome = {
  /**
   * Ms from the request's arrival to the upstream's response head (or to giving up on it);
   * omitted when there is none to report (e.g. the upstream was unreachable).
   */
  latencyMs: z.number().int().min(0).max(MAX_LATENCY_MS).optional(),
  /** The upstream timed out, was unreachable or answered 5xx. Default false. */
  upstreamError: z.boolean().optional(),
};

export const settleInputSchema = ownerSchema.extend({
  reservationId: z.string().min(1).max(200),
  session: sessionFields.session,
  model: z.string().min(1).max(200).nullable(),
  cost: costSchema,
  ...upstreamOutcome,
});
/** A settle of the same identity, carried by another call (see `settles`). */
export const carriedSettleSchema = settleInputSchema.omit({ projectId: true, identity: true });
export type CarriedSettle = z.input<typeof carriedSettleSchema>;
export type ParsedSettle = z.output<typeof carriedSettleSchema>;

/** The most settles one call carries. */
export const MAX_CARRIED_SETTLES = 1_000;

/**
 * Settles of earlier requests of this identity that waited in the caller's isolate for this call,
 * applied before it. Each is read on its own: one that is malformed is dropped and logged, and
 * the call goes on (it is not the caller's fault).
 */
const carriedSettles = {
  settles: z.array(z.unknown()).max(MAX_CARRIED_SETTLES).optional(),
};

export const checkInputSchema = scopeSchema.extend({
  reservationId: z.string().min(1).max(200),
  cost: costSchema,
  ...carriedSettles,
});
export const peekInputSchema = scopeSchema.extend(carriedSettles);
/** Settles sent on their own, together. */
export const settleAllInputSchema = ownerSchema.extend({
  settles: z.array(z.unknown()).min(1).max(MAX_CARRIED_SETTLES),
});

export const refundInputSchema = ownerSchema.extend({
  reservationId: z.string().min(1).max(200),
  session: sessionFields.session,
  /** The rollup row an upstream error counts in; omitted or null = no model. */
  model: z.string().min(1).max(200).nullable().optional(),
  ...upstreamOutcome,
});
export const configureInputSchema = ownerSchema.extend({
  /** `null` clears the record's tier; omitted leaves it. */
  tier: tierNameSchema.nullable().optional(),
  /** Identity overrides; `scope.identity` is forced on. Omitted leaves them. */
  overrides: ruleListSchema.optional(),
});
export const giftInputSchema = ownerSchema
  .extend({
    requests: count.optional(),
    tokens: count.optional(),
    reason: z.string().max(500).optional(),
  })
  .refine((g) => (g.requests ?? 0) > 0 || (g.tokens ?? 0) > 0, "a gift needs requests or tokens");
export const promoInputSchema = ownerSchema.extend({
  /** Epoch ms; `null` ends the promo. */
  unlimitedUntil: z.number().int().min(0).nullable(),
});
const metricSchema = z.custom<Metric>((m) => isMetric(m), "unknown metric");
export const resetInputSchema = ownerSchema.extend({ metrics: z.array(metricSchema).min(1) });
export const setDisabledInputSchema = ownerSchema.extend({ disabled: z.boolean() });
export const describeInputSchema = ownerSchema.extend({
  rules: rulesSchema,
  model: z.string().min(1).max(200).nullable().default(null),
  tier: tierInputSchema.optional(),
});

export type CheckInput = z.input<typeof checkInputSchema>;
export type PeekInput = z.input<typeof peekInputSchema>;
export type SettleInput = z.input<typeof settleInputSchema>;
export type SettleAllInput = z.input<typeof settleAllInputSchema>;
export type RefundInput = z.input<typeof refundInputSchema>;
export type ConfigureInput = z.input<typeof configureInputSchema>;
export type GiftInput = z.input<typeof giftInputSchema>;
export type PromoInput = z.input<typeof promoInputSchema>;
export type ResetInput = z.input<typeof resetInputSchema>;
export type SetDisabledInput = z.input<typeof setDisabledInputSchema>;
export type DescribeInput = z.input<typeof describeInputSchema>;

/** A rejected RPC input. */
export interface InvalidInput {
  ok: false;
  error: { code: "invalid_input"; message: string; issues: { path: string; message: string }[] };
}

export type RpcResult<T> = ({ ok: true } & T) | InvalidInput;

/** Parses an RPC input, or describes what is wrong with it. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | InvalidInput {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  return {
    ok: false,
    error: {
      code: "invalid_input",
      message: issues.map((i) => `${i.path || "input"}: ${i.message}`).join("; "),
      issues,
    },
  };
}

/** What the DO knows about its identity, beyond the counters. */
export interface IdentityView {
  projectId: string;
  identity: string;
  /** The tier the identity record names (set through the API), or null. */
  tier: string | null;
  disabled: boolean;
  promoUntil: number | null;
  gift: { requests: number; tokens: number };
  overrides: Rule[];
  lastSeenAt: number | null;
}

export interface DescribeOutput {
  identity: IdentityView;
  /** The tier that applies now, given the inputs. */
  effectiveTier: string | null;
  usage: RuleUsage[];
}
