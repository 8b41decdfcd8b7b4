import { assertNow } from "./assert-now";
import type { Rule } from "./rule";
import { slotsOf } from "./select-rules";
import { calendarSlot, rollingSlot } from "./slot";
import type { LimiterState } from "./state";

/**
 * Keeps the state small: drops the slots no rule counts in any more (after rules changed),
 * rolling slots with nothing left in their window, and calendar slots whose period is over —
 * except slots an open reservation may still settle into. Counts in force are unchanged, so a
 * Durable Object can run it on an alarm.
 *
 * @param rules every rule of the project plus the identity's overrides
 * @returns the number of slots dropped
 */
export function compactState(state: LimiterState, rules: readonly Rule[], nowMs: number): number {
  assertNow(nowMs);
  const slots = slotsOf(rules);
  const reserved = new Set<string>();
  for (const reservation of state.pending) {
    for (const key of reservation.slots) reserved.add(key);
  }
  let dropped = 0;
  for (const [key, slot] of Object.entries(state.slots)) {
    if (reserved.has(key)) continue;
    const rule = slots.get(key);
    let keep = rule !== undefined && rule.rolling === (slot.kind === "rolling");
    if (keep && rule !== undefined) {
      if (rule.rolling) {
        keep = rollingSlot(state, key, rule.windowMs, rule.bucketMs, nowMs).total > 0;
      } else if (slot.kind === "calendar" && nowMs >= slot.periodEnd) {
        keep = false;
      } else {
        keep = calendarSlot(state, key, rule.unit, rule.timeZone, nowMs).used > 0;
      }
    }
    if (!keep) {
      delete state.slots[key];
      dropped++;
    }
  }
  return dropped;
}
