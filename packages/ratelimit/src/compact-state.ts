import { assertNow } from "./assert-now";
import { rollingSlot } from "./slot";
import type { LimiterState } from "./state";
import { bucketSizeMs, rollingDurationOfSlotKey } from "./window";

/**
 * Keeps the state small: drops rolling slots with nothing left in their window and calendar
 * slots whose period is over or holds nothing — except slots an open reservation may still
 * settle into. It needs no rules (a slot's key names its window), so no copy of the rules, however
 * old, can make it drop usage in force; a slot no rule counts in any more goes once it holds
 * nothing. Counts in force are unchanged, so a Durable Object can run it on an alarm.
 *
 * @returns the number of slots dropped
 */
export function compactState(state: LimiterState, nowMs: number): number {
  assertNow(nowMs);
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
      const windowMs = rollingDurationOfSlotKey(key) ?? 0;
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
