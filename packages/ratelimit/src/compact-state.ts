import { assertNow } from "./assert-now";
import type { Rule } from "./rule";
import { slotsOf } from "./select-rules";
import { rollingSlot } from "./slot";
import type { LimiterState } from "./state";
import { bucketSizeMs } from "./window";

/**
 * Keeps the state small: drops rolling slots with nothing left in their window and calendar
 * slots whose period is over or holds nothing — except slots an open reservation may still
 * settle into. A slot no rule counts in any more (after rules changed) goes the same way, once
 * it holds nothing: the rules passed may be older than the ones that counted in it. Counts in
 * force are unchanged, so a Durable Object can run it on an alarm.
 *
 * @param rules the project's rules plus the identity's overrides, for the windows of their slots
 *   (a rolling slot's key names its window too, so any rules will do)
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
    let keep: boolean;
    if (slot.kind === "calendar") keep = nowMs < slot.periodEnd && slot.used > 0;
    else {
      // A rolling slot's key names its window: `metric|<durationMs>ms|model`.
      const rule = slots.get(key);
      const windowMs = rule?.rolling ? rule.windowMs : Number.parseInt(key.split("|")[1] ?? "", 10);
      keep =
        windowMs > 0 && rollingSlot(state, key, windowMs, bucketSizeMs(windowMs), nowMs).total > 0;
    }
    if (!keep) {
      delete state.slots[key];
      dropped++;
    }
  }
  return dropped;
}
