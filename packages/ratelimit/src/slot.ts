import { calendarPeriod } from "./calendar";
import type { CalendarSlotState, LimiterState, RollingSlotState, SlotState } from "./state";
import type { CalendarUnit } from "./window";

/**
 * The rolling slot under `key`, created if missing, with every bucket that no longer overlaps
 * the window `(nowMs - windowMs, nowMs]` dropped.
 */
export function rollingSlot(
  state: LimiterState,
  key: string,
  windowMs: number,
  bucketMs: number,
  nowMs: number,
): RollingSlotState {
  const slot = state.slots[key];
  if (slot === undefined || slot.kind !== "rolling") {
    const fresh: RollingSlotState = { kind: "rolling", starts: [], amounts: [], total: 0 };
    state.slots[key] = fresh;
    return fresh;
  }
  const starts = slot.starts;
  // Bucket [s, s + bucketMs) overlaps the window while its last ms s + bucketMs - 1 is after
  // nowMs - windowMs, so it goes once s <= nowMs - windowMs - bucketMs + 1.
  const cutoff = nowMs - windowMs - bucketMs + 1;
  if (starts.length > 0 && (starts[0] as number) <= cutoff) {
    const amounts = slot.amounts;
    let count = 1;
    while (count < starts.length && (starts[count] as number) <= cutoff) count++;
    let freed = 0;
    for (let i = 0; i < count; i++) freed += amounts[i] as number;
    starts.splice(0, count);
    amounts.splice(0, count);
    slot.total = starts.length === 0 ? 0 : slot.total - freed;
  }
  return slot;
}

/** The calendar slot under `key`, created if missing, rolled over to the period of `nowMs`. */
export function calendarSlot(
  state: LimiterState,
  key: string,
  unit: CalendarUnit,
  timeZone: string | undefined,
  nowMs: number,
): CalendarSlotState {
  const slot = state.slots[key];
  if (slot !== undefined && slot.kind === "calendar") {
    // A clock that steps back before periodStart keeps counting in the later period: that errs
    // toward denying.
    if (nowMs < slot.periodEnd) return slot;
    const period = calendarPeriod(unit, timeZone, nowMs);
    slot.periodStart = period.startMs;
    slot.periodEnd = period.endMs;
    slot.used = 0;
    return slot;
  }
  const period = calendarPeriod(unit, timeZone, nowMs);
  const fresh: CalendarSlotState = {
    kind: "calendar",
    periodStart: period.startMs,
    periodEnd: period.endMs,
    used: 0,
  };
  state.slots[key] = fresh;
  return fresh;
}

/** Adds to the bucket of `nowMs` (or the newest bucket if the clock stepped back); returns its start. */
export function chargeRolling(
  slot: RollingSlotState,
  bucketMs: number,
  amount: number,
  nowMs: number,
): number {
  const starts = slot.starts;
  const last = starts.length - 1;
  const start = nowMs - (nowMs % bucketMs);
  slot.total += amount;
  if (last >= 0 && (starts[last] as number) >= start) {
    slot.amounts[last] = (slot.amounts[last] as number) + amount;
    return starts[last] as number;
  }
  starts.push(start);
  slot.amounts.push(amount);
  return start;
}

/**
 * Adds `delta` (may be negative) to the bucket or period that started at `bucketStart`, if it
 * is still counted. Never takes a counter below 0.
 */
export function adjustSlot(slot: SlotState, bucketStart: number, delta: number, nowMs: number) {
  if (slot.kind === "calendar") {
    if (slot.periodStart === bucketStart && nowMs < slot.periodEnd) {
      slot.used = Math.max(0, slot.used + delta);
    }
    return;
  }
  const starts = slot.starts;
  for (let i = starts.length - 1; i >= 0; i--) {
    const start = starts[i] as number;
    if (start === bucketStart) {
      const before = slot.amounts[i] as number;
      const after = Math.max(0, before + delta);
      slot.amounts[i] = after;
      slot.total += after - before;
      return;
    }
    if (start < bucketStart) return;
  }
}

/**
 * Ms from `nowMs` until the oldest buckets have slid out of the window far enough to free
 * `need` (> 0, ≤ `slot.total`).
 */
export function rollingRetryAfterMs(
  slot: RollingSlotState,
  windowMs: number,
  bucketMs: number,
  need: number,
  nowMs: number,
): number {
  const { starts, amounts } = slot;
  let freed = 0;
  for (let i = 0; i < starts.length; i++) {
    freed += amounts[i] as number;
    if (freed >= need) return (starts[i] as number) + bucketMs + windowMs - 1 - nowMs;
  }
  return rollingResetAt(slot, windowMs, bucketMs, nowMs) - nowMs;
}

/** When everything counted in a rolling slot will have left the window, epoch ms (`nowMs` if empty). */
export function rollingResetAt(
  slot: RollingSlotState,
  windowMs: number,
  bucketMs: number,
  nowMs: number,
): number {
  const { starts, amounts } = slot;
  for (let i = starts.length - 1; i >= 0; i--) {
    if ((amounts[i] as number) > 0) return (starts[i] as number) + bucketMs + windowMs - 1;
  }
  return nowMs;
}

/** The amount counted in a slot's window or period. */
export function slotUsed(slot: SlotState): number {
  return slot.kind === "rolling" ? slot.total : slot.used;
}
