/** Units accepted by {@link parseDuration}: milliseconds, seconds, minutes, hours, days. */
export type DurationUnit = "ms" | "s" | "m" | "h" | "d";

/** A typed duration such as `"10 s"`, `"1 m"`, `"1 h"`, `"1 d"` (the space is optional). */
export type Duration = `${number} ${DurationUnit}` | `${number}${DurationUnit}`;

const UNIT_MS: Record<DurationUnit, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const DURATION_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/;

/**
 * Parses a typed duration into milliseconds: `"10 s"` → `10000`, `"1.5 h"` → `5400000`.
 *
 * @returns the duration in ms, or `null` if the text is not a duration or is not a whole
 *   number of milliseconds.
 */
export function parseDuration(input: string): number | null {
  const match = DURATION_PATTERN.exec(input);
  if (match === null) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2] as DurationUnit];
  return Number.isSafeInteger(ms) ? ms : null;
}
