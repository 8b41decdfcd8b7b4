/** Shortest rolling window: 1 s. */
export const MIN_ROLLING_WINDOW_MS = 1_000;

/** Longest rolling window: 31 days. */
export const MAX_ROLLING_WINDOW_MS = 31 * 86_400_000;

/**
 * A rolling window is counted in this many sub-buckets (the bucket is `ceil(durationMs / 60)`).
 * The oldest bucket that still overlaps the window counts in full, so a rolling rule may deny up
 * to one bucket early, never admit late. See {@link bucketSizeMs}.
 */
export const BUCKETS_PER_WINDOW = 60;

/** Units of a calendar window. Weeks start on Monday at 00:00 local time. */
export type CalendarUnit = "hour" | "day" | "week" | "month";

/** Every {@link CalendarUnit}. */
export const CALENDAR_UNITS: readonly CalendarUnit[] = ["hour", "day", "week", "month"];

/** A sliding window of fixed length ending at the moment of the request. */
export interface RollingWindow {
  kind: "rolling";
  /** Length in ms, an integer from {@link MIN_ROLLING_WINDOW_MS} to {@link MAX_ROLLING_WINDOW_MS}. */
  durationMs: number;
}

/**
 * A calendar period: the usage resets when the local clock starts a new hour, day, week (Monday)
 * or month. Local time follows the zone's daylight-saving rules, so a day may last 23 or 25 hours.
 */
export interface CalendarWindow {
  kind: "calendar";
  unit: CalendarUnit;
  /** IANA time zone, e.g. `"Europe/Berlin"`. Default: UTC. */
  timeZone?: string;
}

/** How a rule measures time: a rolling window or a calendar period. */
export type WindowSpec = RollingWindow | CalendarWindow;

/**
 * Size in ms of one sub-bucket of a rolling window: `ceil(durationMs / 60)`.
 * E.g. 1 s → 17 ms, 1 min → 1 s, 1 h → 1 min, 1 day → 24 min, 30 days → 12 h.
 */
export function bucketSizeMs(durationMs: number): number {
  return Math.ceil(durationMs / BUCKETS_PER_WINDOW);
}

/**
 * A stable text key of a window, part of a slot key: `"60000ms"` for a rolling minute,
 * `"day@Europe/Berlin"` for a calendar day (`"day@UTC"` without a zone).
 */
export function windowKey(window: WindowSpec): string {
  return window.kind === "rolling"
    ? `${window.durationMs}ms`
    : `${window.unit}@${window.timeZone ?? "UTC"}`;
}

/**
 * The duration of the rolling window a slot key names (`"requests|60000ms|*"` → 60 000), the
 * inverse of {@link windowKey}; null for a calendar slot's key.
 */
export function rollingDurationOfSlotKey(slotKey: string): number | null {
  const match = /^[^|]*\|(\d+)ms\|/.exec(slotKey);
  return match ? Number(match[1]) : null;
}
