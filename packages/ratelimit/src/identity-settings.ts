import type { GiftCredits } from "./cost";
import type { LimiterState } from "./state";

/** Disables (every request denied with reason `disabled`) or re-enables an identity. */
export function setDisabled(state: LimiterState, disabled: boolean): LimiterState {
  state.disabled = disabled;
  return state;
}

/**
 * Starts or ends a promo: until `untilMs` (epoch ms, exclusive) requests are admitted whatever
 * the limits, and their usage is still counted. `null` ends it.
 */
export function setPromo(state: LimiterState, untilMs: number | null): LimiterState {
  if (untilMs !== null && !Number.isSafeInteger(untilMs)) {
    throw new RangeError("promo end must be an integer epoch-ms timestamp or null");
  }
  state.promoUntil = untilMs;
  return state;
}

/**
 * Adds gifted credits (negative amounts take them back; the balance never goes below 0). Gifted
 * credits are spent before the regular allowance: the part of a request they pay is not counted
 * in the rules.
 *
 * @param credits integers; omitted fields default to 0
 */
export function addGift(state: LimiterState, credits: Partial<GiftCredits>): LimiterState {
  const requests = credits.requests ?? 0;
  const tokens = credits.tokens ?? 0;
  if (!Number.isSafeInteger(requests) || !Number.isSafeInteger(tokens)) {
    throw new RangeError("gifted credits must be integers");
  }
  state.gift.requests = Math.max(0, state.gift.requests + requests);
  state.gift.tokens = Math.max(0, state.gift.tokens + tokens);
  return state;
}
