import type { RuleUsage } from "./decision";
import type { CompiledRule } from "./select-rules";
import { calendarSlot, rollingResetAt, rollingSlot, slotUsed } from "./slot";
import type { LimiterState, SlotState } from "./state";

/** The slot a compiled rule counts in, up to date at `nowMs` (created if missing). */
export function slotFor(state: LimiterState, rule: CompiledRule, nowMs: number): SlotState {
  return rule.rolling
    ? rollingSlot(state, rule.slotKey, rule.windowMs, rule.bucketMs, nowMs)
    : calendarSlot(state, rule.slotKey, rule.unit, rule.timeZone, nowMs);
}

/** A {@link RuleUsage} entry from a rule and its up-to-date slot. */
export function ruleUsage(
  rule: CompiledRule,
  slot: SlotState,
  requested: number,
  nowMs: number,
): RuleUsage {
  const { id, metric, window, limit } = rule.rule;
  const used = slotUsed(slot);
  return {
    id,
    metric,
    window,
    limit,
    used,
    remaining: limit === null ? null : Math.max(0, limit - used),
    requested,
    resetAt:
      slot.kind === "calendar"
        ? slot.periodEnd
        : rollingResetAt(slot, rule.windowMs, rule.bucketMs, nowMs),
  };
}

/** Usage entries of the selected rules, spending nothing. */
export function ruleUsages(
  state: LimiterState,
  selected: readonly CompiledRule[],
  nowMs: number,
): RuleUsage[] {
  const usages: RuleUsage[] = [];
  for (const rule of selected) usages.push(ruleUsage(rule, slotFor(state, rule, nowMs), 0, nowMs));
  return usages;
}
