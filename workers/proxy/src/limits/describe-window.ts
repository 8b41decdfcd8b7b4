import type { WindowSpec } from "@floodgate/ratelimit";

const units: [ms: number, singular: string][] = [
  [86_400_000, "day"],
  [3_600_000, "hour"],
  [60_000, "minute"],
  [1_000, "second"],
];

/** A window in words for messages: `per minute`, `per 5 minutes`, `per day`, `this month`. */
export function describeWindow(window: WindowSpec): string {
  if (window.kind === "calendar") return window.unit === "day" ? "today" : `this ${window.unit}`;
  for (const [ms, name] of units) {
    if (window.durationMs % ms === 0) {
      const n = window.durationMs / ms;
      return n === 1 ? `per ${name}` : `per ${n} ${name}s`;
    }
  }
  return `per ${window.durationMs} ms`;
}

/** A compact window label for the 429 body: `60s`, `1h`, `day`, `month@Europe/Berlin`. */
export function windowLabel(window: WindowSpec): string {
  if (window.kind === "calendar")
    return window.timeZone ? `${window.unit}@${window.timeZone}` : window.unit;
  const ms = window.durationMs;
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}
