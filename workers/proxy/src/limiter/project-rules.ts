import type { SessionRule } from "@floodgate/contracts";
import type { LimitRule } from "@floodgate/db";
import { type Rule, validateRule } from "@floodgate/ratelimit";

/**
 * A project's `limit_rules` rows as the limiter's rules. Calendar rules without their own zone
 * use the project's. A row the limiter rejects is skipped and logged (the API validates rules
 * before writing them, so this only guards against rows written by hand).
 */
export function projectRules(
  rows: readonly LimitRule[],
  tierNames: Record<string, string>,
  projectTimeZone: string,
): Rule[] {
  const rules: Rule[] = [];
  for (const row of rows) {
    const tier = row.tierId ? tierNames[row.tierId] : undefined;
    if (row.tierId && !tier) continue;
    const candidate = {
      id: row.id,
      metric: row.metric,
      window:
        row.windowKind === "rolling"
          ? { kind: "rolling", durationMs: row.windowMs }
          : {
              kind: "calendar",
              unit: row.calendarUnit,
              ...((row.timeZone ?? projectTimeZone) !== "UTC"
                ? { timeZone: row.timeZone ?? projectTimeZone }
                : {}),
            },
      limit: row.limitValue,
      scope: {
        ...(tier ? { tier } : {}),
        ...(row.modelPattern ? { model: row.modelPattern } : {}),
      },
    };
    const result = validateRule(candidate);
    if (result.ok) rules.push(result.rule);
    else
      console.error(
        JSON.stringify({
          level: "error",
          msg: "invalid limit rule skipped",
          ruleId: row.id,
          errors: result.errors,
        }),
      );
  }
  return rules;
}

/**
 * A project's `sessionRules` as the limiter's rules (rolling windows), one per metric and window:
 * a rule's id names both, so of two rules for the same metric and window only the lower limit,
 * the one that counts, is kept.
 */
export function sessionRules(rules: readonly SessionRule[]): Rule[] {
  const byId = new Map<string, Rule>();
  for (const r of rules) {
    const id = `session:${r.metric}:${r.windowMs}ms`;
    const known = byId.get(id);
    if (known && known.limit !== null && known.limit <= r.limit) continue;
    byId.set(id, {
      id,
      metric: r.metric,
      window: { kind: "rolling", durationMs: r.windowMs },
      limit: r.limit,
      scope: {},
    });
  }
  return [...byId.values()];
}
