import { validationError } from "../http/validation-hook";

/**
 * How far in the past a date meant to be "from now on" may lie, in ms (1 minute): the caller's
 * clock may run behind ours, and "expire it now" should not be refused for it.
 */
export const CLOCK_SKEW_MS = 60_000;

/** The furthest ahead an API key's expiry or a promo's end may lie, in ms (10 years of 365 days). */
export const MAX_AHEAD_MS = 10 * 365 * 86_400_000;

/**
 * Epoch ms of a date given as epoch ms or ISO that must lie ahead of `nowMs` (less the clock
 * skew) and at most `MAX_AHEAD_MS` after it; otherwise a 400 naming `param`.
 */
export function futureDateMs(value: number | string, param: string, nowMs = Date.now()): number {
  const ms = typeof value === "string" ? Date.parse(value) : value;
  if (!Number.isFinite(ms) || ms < nowMs - CLOCK_SKEW_MS)
    throw validationError([{ param, message: "must be in the future" }]);
  if (ms > nowMs + MAX_AHEAD_MS)
    throw validationError([{ param, message: "must be at most 10 years ahead" }]);
  return ms;
}
