import type { CalendarUnit } from "./window";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** 1970-01-05 was a Monday: the first week start after the epoch. */
const FIRST_MONDAY_MS = 4 * DAY_MS;
/** Longer than any calendar period (a month plus a daylight-saving hour), for searching. */
const SEARCH_SPAN_MS = 33 * DAY_MS;

/** A calendar period `[startMs, endMs)` in epoch ms. */
export interface CalendarPeriod {
  startMs: number;
  endMs: number;
}

/** Local wall-clock time of an instant in a zone, and the zone's UTC offset then. */
interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  offsetMs: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const canonicalZones = new Map<string, string | null>();

/**
 * The canonical name of an IANA time zone (`"utc"` → `"UTC"`), or `null` if the runtime does not
 * know it. Every UTC alias (`"Etc/UTC"`, `"GMT"`, …) comes back as `"UTC"`.
 */
export function canonicalTimeZone(timeZone: string): string | null {
  let canonical = canonicalZones.get(timeZone);
  if (canonical === undefined) {
    try {
      canonical = new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
    } catch {
      canonical = null;
    }
    canonicalZones.set(timeZone, canonical);
  }
  return canonical;
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

function wallTime(timeZone: string, atMs: number): WallTime {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatter(timeZone).formatToParts(atMs)) {
    switch (part.type) {
      case "year":
        year = Number(part.value);
        break;
      case "month":
        month = Number(part.value);
        break;
      case "day":
        day = Number(part.value);
        break;
      case "hour":
        // Some ICU versions print midnight as 24 even with h23.
        hour = Number(part.value) % 24;
        break;
      case "minute":
        minute = Number(part.value);
        break;
      case "second":
        second = Number(part.value);
        break;
    }
  }
  const offsetMs =
    Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(atMs / 1000) * 1000;
  return { year, month, day, hour, offsetMs };
}

/** Days since Monday (0 = Monday … 6 = Sunday) of a local date. */
function weekdayFromMonday(wall: WallTime): number {
  return (new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay() + 6) % 7;
}

/**
 * Identifies the period a wall time falls in. Hours carry the UTC offset so that the hour a
 * daylight-saving change repeats (02:00–03:00 twice in autumn) is two periods of one hour each,
 * while days, weeks and months simply last 23, 25, … hours.
 */
function periodKey(unit: CalendarUnit, wall: WallTime): string {
  switch (unit) {
    case "hour":
      return `${wall.year}-${wall.month}-${wall.day}T${wall.hour}@${wall.offsetMs}`;
    case "day":
      return `${wall.year}-${wall.month}-${wall.day}`;
    case "week":
      return String(Date.UTC(wall.year, wall.month - 1, wall.day - weekdayFromMonday(wall)));
    case "month":
      return `${wall.year}-${wall.month}`;
  }
}

/** Wall-clock start of the period (as if the wall time were UTC), and of the next period. */
function wallBounds(unit: CalendarUnit, wall: WallTime): [number, number] {
  const { year, month, day, hour } = wall;
  switch (unit) {
    case "hour":
      return [Date.UTC(year, month - 1, day, hour), Date.UTC(year, month - 1, day, hour + 1)];
    case "day":
      return [Date.UTC(year, month - 1, day), Date.UTC(year, month - 1, day + 1)];
    case "week": {
      const monday = day - weekdayFromMonday(wall);
      return [Date.UTC(year, month - 1, monday), Date.UTC(year, month - 1, monday + 7)];
    }
    case "month":
      return [Date.UTC(year, month - 1, 1), Date.UTC(year, month, 1)];
  }
}

function utcPeriod(unit: CalendarUnit, nowMs: number): CalendarPeriod {
  switch (unit) {
    case "hour": {
      const startMs = nowMs - (((nowMs % HOUR_MS) + HOUR_MS) % HOUR_MS);
      return { startMs, endMs: startMs + HOUR_MS };
    }
    case "day": {
      const startMs = nowMs - (((nowMs % DAY_MS) + DAY_MS) % DAY_MS);
      return { startMs, endMs: startMs + DAY_MS };
    }
    case "week": {
      const sinceMonday = (((nowMs - FIRST_MONDAY_MS) % WEEK_MS) + WEEK_MS) % WEEK_MS;
      const startMs = nowMs - sinceMonday;
      return { startMs, endMs: startMs + WEEK_MS };
    }
    case "month": {
      const date = new Date(nowMs);
      const year = date.getUTCFullYear();
      const month = date.getUTCMonth();
      return { startMs: Date.UTC(year, month, 1), endMs: Date.UTC(year, month + 1, 1) };
    }
  }
}

/**
 * The calendar period that contains `nowMs`: the hour, day, week (from Monday 00:00) or month of
 * the local clock in `timeZone` (default UTC), as epoch ms `[startMs, endMs)`.
 *
 * Daylight saving is honoured: a local day is 23 or 25 hours long when the clocks change, a
 * period starts at the first instant its local time exists (after a skipped hour), and the hour
 * that repeats in autumn counts as two separate hours. Calls `Intl` for zones other than UTC, so
 * callers cache the result until `endMs`.
 */
export function calendarPeriod(
  unit: CalendarUnit,
  timeZone: string | undefined,
  nowMs: number,
): CalendarPeriod {
  if (timeZone === undefined || timeZone === "UTC") return utcPeriod(unit, nowMs);

  const wall = wallTime(timeZone, nowMs);
  const key = periodKey(unit, wall);
  const inPeriod = (atMs: number): boolean => periodKey(unit, wallTime(timeZone, atMs)) === key;
  const [wallStart, wallNext] = wallBounds(unit, wall);

  // The local start converted with the offset of now, then with the offset found there: right
  // unless a transition sits exactly at the boundary in an unusual way; a search settles the rest.
  let startMs: number | undefined;
  let guess = wallStart - wall.offsetMs;
  for (let attempt = 0; attempt < 2 && startMs === undefined; attempt++) {
    if (guess <= nowMs && inPeriod(guess) && !inPeriod(guess - 1)) startMs = guess;
    else guess = wallStart - wallTime(timeZone, guess).offsetMs;
  }
  if (startMs === undefined) {
    // First instant in the period: inPeriod is false at lo, true at hi.
    let lo = nowMs - SEARCH_SPAN_MS;
    let hi = nowMs;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (inPeriod(mid)) hi = mid;
      else lo = mid;
    }
    startMs = hi;
  }

  let endMs: number | undefined;
  guess = wallNext - wall.offsetMs;
  for (let attempt = 0; attempt < 2 && endMs === undefined; attempt++) {
    if (guess > nowMs && !inPeriod(guess) && inPeriod(guess - 1)) endMs = guess;
    else guess = wallNext - wallTime(timeZone, guess).offsetMs;
  }
  if (endMs === undefined) {
    // First instant after the period: inPeriod is true at lo, false at hi.
    let lo = nowMs;
    let hi = nowMs + SEARCH_SPAN_MS;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (inPeriod(mid)) lo = mid;
      else hi = mid;
    }
    endMs = hi;
  }

  return { startMs, endMs };
}
