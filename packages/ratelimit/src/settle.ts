import { assertNow } from "./assert-now";
import { assertCost, type Cost, chargedAmount, ZERO_COST } from "./cost";
import { metricCodeOfSlotKey } from "./select-rules";
import { adjustSlot } from "./slot";
import { type LimiterState, pendingIndex, type Reservation } from "./state";

/** Result of {@link settle}. */
export interface SettleResult {
  /** The same object that was passed in, changed in place. */
  state: LimiterState;
  /** `false`: no open reservation with this id (settled, refunded or expired before); nothing changed. */
  settled: boolean;
}

/** Result of {@link refund}. */
export interface RefundResult {
  /** The same object that was passed in, changed in place. */
  state: LimiterState;
  /** `false`: no open reservation with this id; nothing changed. */
  refunded: boolean;
}

/**
 * Closes a reservation with the actual usage, which replaces the estimate (higher or lower) in
 * the bucket or period where it was reserved. If that bucket has slid out of its window or that
 * period is over, the difference is dropped there: it can no longer matter for any limit.
 *
 * Gifted credits are re-drawn for the actual usage: the part the gift paid at reservation goes
 * back to the balance, then the gift pays what it can of the actual usage (not for a reservation
 * made during a promo). A slot reset since the reservation (`resetPeriod`) is not touched.
 *
 * @param actualCost integers ≥ 0
 * @param nowMs the current time, epoch ms
 */
export function settle(
  state: LimiterState,
  reservationId: string,
  actualCost: Cost,
  nowMs: number,
): SettleResult {
  assertNow(nowMs);
  assertCost(actualCost);
  const index = pendingIndex(state, reservationId);
  if (index < 0) return { state, settled: false };
  const reservation = state.pending[index] as Reservation;
  state.pending.splice(index, 1);

  const before = reservation.gifted;
  let giftedRequests = 0;
  let giftedTokens = 0;
  if (!reservation.promo) {
    const gift = state.gift;
    gift.requests += before.requests;
    gift.tokens += before.tokens;
    giftedRequests = Math.min(gift.requests, actualCost.requests);
    giftedTokens = Math.min(gift.tokens, actualCost.inputTokens + actualCost.outputTokens);
    gift.requests -= giftedRequests;
    gift.tokens -= giftedTokens;
  }

  const { slots, bucketStarts, cost } = reservation;
  for (let i = 0; i < slots.length; i++) {
    const key = slots[i] as string;
    const slot = state.slots[key];
    if (slot === undefined) continue;
    const metric = metricCodeOfSlotKey(key);
    const delta =
      chargedAmount(metric, actualCost, giftedRequests, giftedTokens) -
      chargedAmount(metric, cost, before.requests, before.tokens);
    if (delta !== 0) adjustSlot(slot, bucketStarts[i] as number, delta, nowMs);
  }
  return { state, settled: true };
}

/**
 * Cancels a reservation (e.g. the upstream failed): what it counted is taken back from its
 * bucket or period and gifted credits it used return to the balance.
 */
export function refund(state: LimiterState, reservationId: string, nowMs: number): RefundResult {
  return { state, refunded: settle(state, reservationId, ZERO_COST, nowMs).settled };
}
