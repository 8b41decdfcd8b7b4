import { ApiError } from "@floodgate/contracts";
import { type Db, type LimitRule, limitRules } from "@floodgate/db";
import { canonicalTimeZone, type Rule, validateRule } from "@floodgate/ratelimit";
import { eq } from "drizzle-orm";
import { conflict } from "../http/api-errors";
import { validationError } from "../http/validation-hook";
import type { RuleBody, RuleInput } from "../schemas/limit-rules";
import { findTierByName, listTiers } from "./tiers";

type Window = RuleBody["window"];

export function windowOf(
  row: Pick<LimitRule, "windowKind" | "windowMs" | "calendarUnit" | "timeZone">,
): Window {
  if (row.windowKind === "rolling") return { kind: "rolling", durationMs: row.windowMs ?? 0 };
  return {
    kind: "calendar",
    unit: row.calendarUnit ?? "day",
    ...(row.timeZone ? { timeZone: row.timeZone } : {}),
  };
}

export function ruleView(row: LimitRule, tierNames: Record<string, string>) {
  return {
    id: row.id,
    tier: row.tierId ? (tierNames[row.tierId] ?? null) : null,
    modelPattern: row.modelPattern,
    metric: row.metric,
    window: windowOf(row),
    limit: row.limitValue,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The columns of a rule, as stored. */
export type RuleColumns = Pick<
  LimitRule,
  | "tierId"
  | "modelPattern"
  | "metric"
  | "windowKind"
  | "windowMs"
  | "calendarUnit"
  | "timeZone"
  | "limitValue"
>;

export function ruleColumns(body: RuleBody, tierId: string | null): RuleColumns {
  const w = body.window;
  return {
    tierId,
    modelPattern: body.modelPattern && body.modelPattern !== "*" ? body.modelPattern : null,
    metric: body.metric,
    windowKind: w.kind,
    windowMs: w.kind === "rolling" ? w.durationMs : null,
    calendarUnit: w.kind === "calendar" ? w.unit : null,
    // Stored as the zone's canonical name, so `europe/paris` and `Europe/Paris` are one window.
    timeZone: w.kind === "calendar" && w.timeZone ? canonicalTimeZone(w.timeZone) : null,
    limitValue: body.limit,
  };
}

/** The limiter's view of a rule body (for its own validator and for identity overrides). */
export function limiterRule(id: string, body: RuleBody, scope: Rule["scope"]): unknown {
  return {
    id,
    metric: body.metric,
    window: body.window,
    limit: body.limit,
    scope: { ...scope, ...(body.modelPattern ? { model: body.modelPattern } : {}) },
  };
}

/** Asks the limiter's own validator too, so the API never stores a rule the limiter would skip. */
export function assertLimiterAccepts(candidate: unknown, paramPrefix?: string): Rule {
  const result = validateRule(candidate);
  if (result.ok) return result.rule;
  throw validationError(
    result.errors.map((e) => ({
      param: [paramPrefix, ...e.path.map(String)].filter((p) => p).join(".") || "body",
      message: e.message,
    })),
  );
}

/** Rules stored before zones were canonicalized may hold another spelling. */
function sameZone(a: string | null, b: string | null): boolean {
  return a === b || (a !== null && b !== null && canonicalTimeZone(a) === canonicalTimeZone(b));
}

function sameSlot(a: RuleColumns, b: RuleColumns): boolean {
  return (
    a.tierId === b.tierId &&
    a.modelPattern === b.modelPattern &&
    a.metric === b.metric &&
    a.windowKind === b.windowKind &&
    a.windowMs === b.windowMs &&
    a.calendarUnit === b.calendarUnit &&
    sameZone(a.timeZone, b.timeZone)
  );
}

/**
 * Checks a rule against the project: the tier exists, the limiter accepts it, and no other rule
 * has the same scope, metric and window (two such rules would contradict each other).
 */
export async function resolveRule(
  db: Db,
  projectId: string,
  input: RuleInput,
  exceptRuleId: string | null,
): Promise<RuleColumns> {
  let tierId: string | null = null;
  if (input.tier) {
    const tier = await findTierByName(db, projectId, input.tier);
    if (!tier)
      throw ApiError.badRequest(
        `tier: no tier named "${input.tier}" in this project`,
        "tier",
        "unknown_tier",
      );
    tierId = tier.id;
  }
  assertLimiterAccepts(limiterRule("candidate", input, input.tier ? { tier: input.tier } : {}));
  const columns = ruleColumns(input, tierId);
  const existing = await db.select().from(limitRules).where(eq(limitRules.projectId, projectId));
  if (existing.some((r) => r.id !== exceptRuleId && sameSlot(r, columns))) {
    throw conflict(
      "window: a rule with the same tier, model, metric and window exists; change its limit instead",
      "duplicate_rule",
      "window",
    );
  }
  return columns;
}

export async function tierNamesOf(db: Db, projectId: string): Promise<Record<string, string>> {
  return Object.fromEntries((await listTiers(db, projectId)).map((t) => [t.id, t.name]));
}
