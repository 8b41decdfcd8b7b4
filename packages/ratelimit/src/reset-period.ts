import { assertNow } from "./assert-now";
import type { Metric } from "./metric";
import type { LimiterState } from "./state";

/**
 * Zeroes the current period of every slot of these metrics (e.g. after a payment): a calendar
 * slot's period counter, and every bucket of a rolling slot that started at or before `nowMs`.
 *
 * Open reservations stop counting in the zeroed buckets: settling or refunding them later does
 * not touch those metrics again.
 *
 * @param metrics the metrics to reset; `METRICS` for all
 * @param nowMs the current time, epoch ms
 */
export function resetPeriod(
  state: LimiterState,
  metrics: readonly Metric[],
  nowMs: number,
): LimiterState {
  assertNow(nowMs);
  const prefixes = metrics.map((metric) => `${metric}|`);
  const reset = new Set<string>();
  for (const [key, slot] of Object.entries(state.slots)) {
    if (!prefixes.some((prefix) => key.startsWith(prefix))) continue;
    reset.add(key);
    if (slot.kind === "calendar") {
      if (slot.periodStart <= nowMs) slot.used = 0;
      continue;
    }
    let keep = 0;
    while (keep < slot.starts.length && (slot.starts[keep] as number) <= nowMs) keep++;
    slot.starts.splice(0, keep);
    slot.amounts.splice(0, keep);
    slot.total = slot.amounts.reduce((sum, amount) => sum + amount, 0);
  }
  if (reset.size === 0) return state;

  for (const reservation of state.pending) {
    const slots: string[] = [];
    const bucketStarts: number[] = [];
    reservation.slots.forEach((key, i) => {
      const start = reservation.bucketStarts[i] as number;
      if (reset.has(key) && start <= nowMs) return;
      slots.push(key);
      bucketStarts.push(start);
    });
    reservation.slots = slots;
    reservation.bucketStarts = bucketStarts;
  }
  return state;
}
