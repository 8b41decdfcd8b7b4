import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CalendarPeriod, calendarPeriod, canonicalTimeZone } from "./calendar";
import type { CalendarUnit } from "./window";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (text: string) => Date.parse(text);

function period(unit: CalendarUnit, timeZone: string | undefined, at: string): [string, string] {
  const { startMs, endMs } = calendarPeriod(unit, timeZone, iso(at));
  return [new Date(startMs).toISOString(), new Date(endMs).toISOString()];
}

const lengthOf = ({ startMs, endMs }: CalendarPeriod) => endMs - startMs;

describe("calendarPeriod in UTC", () => {
  it("hours and days", () => {
    expect(period("hour", undefined, "2026-11-24T06:30:00Z")).toEqual([
      "2026-11-24T06:00:00.000Z",
      "2026-11-24T07:00:00.000Z",
    ]);
    expect(period("day", undefined, "2026-11-24T23:59:59.999Z")).toEqual([
      "2026-11-24T00:00:00.000Z",
      "2026-11-25T00:00:00.000Z",
    ]);
  });

  it("crosses month ends and the year end", () => {
    expect(period("day", undefined, "2026-01-31T23:59:59.999Z")).toEqual([
      "2026-01-31T00:00:00.000Z",
      "2026-02-01T00:00:00.000Z",
    ]);
    expect(period("month", undefined, "2026-02-01T00:00:00.000Z")).toEqual([
      "2026-02-01T00:00:00.000Z",
      "2026-03-01T00:00:00.000Z",
    ]);
    expect(period("month", undefined, "2026-12-31T23:59:59.999Z")).toEqual([
      "2026-12-01T00:00:00.000Z",
      "2027-01-01T00:00:00.000Z",
    ]);
  });

  it("knows the leap day 2028-02-29", () => {
    expect(period("day", undefined, "2028-02-29T12:00:00Z")).toEqual([
      "2028-02-29T00:00:00.000Z",
      "2028-03-01T00:00:00.000Z",
    ]);
    expect(period("day", undefined, "2028-02-28T23:59:59.999Z")[1]).toBe(
      "2028-02-29T00:00:00.000Z",
    );
    expect(lengthOf(calendarPeriod("month", undefined, iso("2028-02-29T12:00:00Z")))).toBe(
      29 * DAY,
    );
    expect(lengthOf(calendarPeriod("month", undefined, iso("2026-02-15T12:00:00Z")))).toBe(
      28 * DAY,
    );
  });

  it("starts weeks on Monday 00:00", () => {
    // 2026-11-24 is a Tuesday.
    expect(period("week", undefined, "2026-11-24T10:00:00Z")).toEqual([
      "2026-11-23T00:00:00.000Z",
      "2026-11-30T00:00:00.000Z",
    ]);
    expect(period("week", undefined, "2026-11-23T00:00:00.000Z")[0]).toBe(
      "2026-11-23T00:00:00.000Z",
    );
    expect(period("week", undefined, "2026-11-29T23:59:59.999Z")[1]).toBe(
      "2026-11-30T00:00:00.000Z",
    );
    // Across the leap day and a month end.
    expect(period("week", undefined, "2028-03-01T00:00:00Z")).toEqual([
      "2028-02-28T00:00:00.000Z",
      "2028-03-06T00:00:00.000Z",
    ]);
  });
});

describe("calendarPeriod in a time zone", () => {
  it("Europe/Berlin: the spring day has 23 hours, the autumn day 25", () => {
    expect(period("day", "Europe/Berlin", "2026-03-29T12:00:00Z")).toEqual([
      "2026-03-28T23:00:00.000Z",
      "2026-03-29T22:00:00.000Z",
    ]);
    expect(period("day", "Europe/Berlin", "2026-10-25T12:00:00Z")).toEqual([
      "2026-10-24T22:00:00.000Z",
      "2026-10-25T23:00:00.000Z",
    ]);
    expect(period("day", "Europe/Berlin", "2026-11-24T12:00:00Z")).toEqual([
      "2026-11-23T23:00:00.000Z",
      "2026-11-24T23:00:00.000Z",
    ]);
  });

  it("Europe/Berlin: the repeated autumn hour is two hours, the skipped spring hour none", () => {
    // 02:30 CEST, then 02:30 CET.
    expect(period("hour", "Europe/Berlin", "2026-10-25T00:30:00Z")).toEqual([
      "2026-10-25T00:00:00.000Z",
      "2026-10-25T01:00:00.000Z",
    ]);
    expect(period("hour", "Europe/Berlin", "2026-10-25T01:30:00Z")).toEqual([
      "2026-10-25T01:00:00.000Z",
      "2026-10-25T02:00:00.000Z",
    ]);
    // 01:30 CET, then 03:30 CEST: 02:00–03:00 does not exist.
    expect(period("hour", "Europe/Berlin", "2026-03-29T00:30:00Z")).toEqual([
      "2026-03-29T00:00:00.000Z",
      "2026-03-29T01:00:00.000Z",
    ]);
    expect(period("hour", "Europe/Berlin", "2026-03-29T01:30:00Z")).toEqual([
      "2026-03-29T01:00:00.000Z",
      "2026-03-29T02:00:00.000Z",
    ]);
  });

  it("Europe/Berlin: weeks and months that hold a change are an hour short or long", () => {
    expect(period("week", "Europe/Berlin", "2026-03-25T12:00:00Z")).toEqual([
      "2026-03-22T23:00:00.000Z",
      "2026-03-29T22:00:00.000Z",
    ]);
    expect(lengthOf(calendarPeriod("month", "Europe/Berlin", iso("2026-03-15T00:00:00Z")))).toBe(
      31 * DAY - HOUR,
    );
    expect(lengthOf(calendarPeriod("month", "Europe/Berlin", iso("2026-10-15T00:00:00Z")))).toBe(
      31 * DAY + HOUR,
    );
    // The first instant of March in Berlin belongs to March, the last one of February to February.
    expect(period("month", "Europe/Berlin", "2026-02-28T23:00:00.000Z")[0]).toBe(
      "2026-02-28T23:00:00.000Z",
    );
    expect(period("month", "Europe/Berlin", "2026-02-28T22:59:59.999Z")[1]).toBe(
      "2026-02-28T23:00:00.000Z",
    );
  });

  it("America/New_York: 23- and 25-hour days, and the repeated 01:00 hour", () => {
    expect(period("day", "America/New_York", "2026-03-08T12:00:00Z")).toEqual([
      "2026-03-08T05:00:00.000Z",
      "2026-03-09T04:00:00.000Z",
    ]);
    expect(period("day", "America/New_York", "2026-11-01T12:00:00Z")).toEqual([
      "2026-11-01T04:00:00.000Z",
      "2026-11-02T05:00:00.000Z",
    ]);
    expect(period("hour", "America/New_York", "2026-11-01T05:30:00Z")).toEqual([
      "2026-11-01T05:00:00.000Z",
      "2026-11-01T06:00:00.000Z",
    ]);
    expect(period("hour", "America/New_York", "2026-11-01T06:30:00Z")).toEqual([
      "2026-11-01T06:00:00.000Z",
      "2026-11-01T07:00:00.000Z",
    ]);
    // A leap day in New York.
    expect(period("day", "America/New_York", "2028-02-29T03:00:00Z")).toEqual([
      "2028-02-28T05:00:00.000Z",
      "2028-02-29T05:00:00.000Z",
    ]);
  });

  it("Asia/Kolkata (UTC+05:30): hours start at half past in UTC", () => {
    expect(period("hour", "Asia/Kolkata", "2026-11-24T06:10:00Z")).toEqual([
      "2026-11-24T05:30:00.000Z",
      "2026-11-24T06:30:00.000Z",
    ]);
    expect(period("day", "Asia/Kolkata", "2026-11-24T06:10:00Z")).toEqual([
      "2026-11-23T18:30:00.000Z",
      "2026-11-24T18:30:00.000Z",
    ]);
  });

  it("Pacific/Chatham changes at 02:45: the local hour after the jump lasts 15 minutes", () => {
    expect(period("hour", "Pacific/Chatham", "2026-09-26T14:05:00Z")).toEqual([
      "2026-09-26T14:00:00.000Z",
      "2026-09-26T14:15:00.000Z",
    ]);
  });

  it("America/Santiago changes at midnight: a day starts at 01:00, another lasts 25 hours", () => {
    expect(period("day", "America/Santiago", "2026-09-06T12:00:00Z")).toEqual([
      "2026-09-06T04:00:00.000Z",
      "2026-09-07T03:00:00.000Z",
    ]);
    expect(period("day", "America/Santiago", "2026-04-04T12:00:00Z")).toEqual([
      "2026-04-04T03:00:00.000Z",
      "2026-04-05T04:00:00.000Z",
    ]);
  });

  it("canonicalTimeZone knows UTC aliases and rejects unknown zones", () => {
    expect(canonicalTimeZone("Etc/UTC")).toBe("UTC");
    expect(canonicalTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("Mars/Olympus_Mons")).toBeNull();
  });
});

describe("calendar periods tile time", () => {
  const zones = [
    undefined,
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/St_Johns",
  ];
  // Pacific/Chatham (UTC+12:45, moving by an hour at 02:45) has 15-minute local hours.
  const bounds: Record<CalendarUnit, [number, number]> = {
    hour: [15 * 60_000, HOUR],
    day: [23 * HOUR, 25 * HOUR],
    week: [7 * DAY - HOUR, 7 * DAY + HOUR],
    month: [28 * DAY - HOUR, 31 * DAY + HOUR],
  };

  // Days when one of the zones above changes its clocks, to test around them more often.
  const changes = [
    "2026-03-08",
    "2026-03-29",
    "2026-04-05",
    "2026-09-06",
    "2026-09-27",
    "2026-10-04",
    "2026-10-25",
    "2026-11-01",
  ].map((day) => iso(`${day}T00:00:00Z`));
  const instant = fc.oneof(
    fc.integer({ min: iso("2020-01-01T00:00:00Z"), max: iso("2035-12-31T00:00:00Z") }),
    fc
      .tuple(fc.constantFrom(...changes), fc.integer({ min: -1.5 * DAY, max: 1.5 * DAY }))
      .map(([day, offset]) => day + offset),
  );

  it("every instant is in exactly one period, contiguous with its neighbours", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom<CalendarUnit>("hour", "day", "week", "month"),
        instant,
        (timeZone, unit, atMs) => {
          const current = calendarPeriod(unit, timeZone, atMs);
          expect(current.startMs).toBeLessThanOrEqual(atMs);
          expect(current.endMs).toBeGreaterThan(atMs);
          expect(calendarPeriod(unit, timeZone, current.startMs)).toEqual(current);
          expect(calendarPeriod(unit, timeZone, current.endMs - 1)).toEqual(current);
          expect(calendarPeriod(unit, timeZone, current.startMs - 1).endMs).toBe(current.startMs);
          expect(calendarPeriod(unit, timeZone, current.endMs).startMs).toBe(current.endMs);
          const [shortest, longest] = bounds[unit];
          expect(lengthOf(current)).toBeGreaterThanOrEqual(shortest);
          expect(lengthOf(current)).toBeLessThanOrEqual(longest);
        },
      ),
      { numRuns: 1_000 },
    );
  }, 30_000);
});
