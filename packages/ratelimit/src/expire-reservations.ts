import { assertNow } from "./assert-now";
import type { LimiterState, Reservation } from "./state";

/** Default for {@link expireReservations}: 15 minutes, longer than a long streamed completion. */
export const DEFAULT_RESERVATION_TIMEOUT_MS = 15 * 60_000;

/** Result of {@link expireReservations}. */
export interface ExpireResult {
  /** The same object that was passed in, changed in place. */
  state: LimiterState;
  /** Ids of the reservations dropped. */
  expired: string[];
  /** The reservations dropped: their estimate (`cost`) stays counted, at their time and model. */
  closed: Reservation[];
}

/**
 * Drops reservations opened `timeoutMs` or more before `nowMs` that were never settled nor
 * refunded. Their estimate stays counted (and their gifted credits spent): a request whose
 * settle was lost most likely ran. Settling one later does nothing.
 *
 * @param timeoutMs ms; default {@link DEFAULT_RESERVATION_TIMEOUT_MS}
 */
export function expireReservations(
  state: LimiterState,
  nowMs: number,
  timeoutMs: number = DEFAULT_RESERVATION_TIMEOUT_MS,
): ExpireResult {
  assertNow(nowMs);
  const expired: string[] = [];
  const closed: Reservation[] = [];
  const kept = state.pending.filter((reservation) => {
    if (reservation.atMs + timeoutMs > nowMs) return true;
    expired.push(reservation.id);
    closed.push(reservation);
    return false;
  });
  if (expired.length > 0) state.pending = kept;
  return { state, expired, closed };
}
