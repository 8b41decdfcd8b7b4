import { assertNow } from "./assert-now";
import { assertCost, type Cost, chargedAmount } from "./cost";
import type { Decision, RuleUsage } from "./decision";
import type { Rule } from "./rule";
import { ruleUsage, ruleUsages, slotFor } from "./rule-usage";
import { type CompiledRule, type RequestScope, selectCompiledRules } from "./select-rules";
import { chargeRolling, rollingRetryAfterMs } from "./slot";
import {
  type LimiterState,
  MAX_PENDING_RESERVATIONS,
  pendingIndex,
  type Reservation,
  type SlotState,
} from "./state";

/** A request to admit. */
export interface ReserveRequest extends RequestScope {
  /** Caller-chosen unique id (e.g. the request id), used to settle or refund. */
  reservationId: string;
  /** The estimate to reserve; integers ≥ 0. */
  cost: Cost;
}

/** Result of {@link checkAndReserve}. */
export interface ReserveResult {
  /** The same object that was passed in, changed in place when the request was admitted. */
  state: LimiterState;
  decision: Decision;
  /**
   * The oldest open reservation, closed to make room when `MAX_PENDING_RESERVATIONS` were open:
   * its estimate stays counted, as for an expired one (see `expireReservations`); null otherwise.
   */
  evicted: Reservation | null;
}

// Reused across calls to keep the hot path free of allocations; calls never interleave.
const slotsScratch: SlotState[] = [];
const amountsScratch: number[] = [];

/**
 * Checks every rule that applies to the request (see `selectRules`) and, if all pass, counts the
 * estimated cost in each of them and opens a reservation; a denied request changes nothing.
 *
 * Order of checks: a disabled identity is denied (`disabled`); then gifted credits pay what they
 * can (not during a promo); the rest must fit every rule (`used + requested ≤ limit`), unless a
 * promo is active, which admits anyway and still counts the usage.
 *
 * Calling again with the id of an open reservation (a retried call) admits without counting
 * twice and returns the existing reservation.
 *
 * `state` is changed in place and returned (no copy: the fastest for a Durable Object that owns
 * it). Throws a `RangeError` only for malformed input (negative or fractional cost, bad clock).
 *
 * @param rules all rules of the project plus the identity's overrides; cached by array identity
 * @param nowMs the current time, epoch ms
 */
export function checkAndReserve(
  state: LimiterState,
  rules: readonly Rule[],
  request: ReserveRequest,
  nowMs: number,
): ReserveResult {
  assertNow(nowMs);
  const { reservationId, cost } = request;
  assertCost(cost);
  const selected = selectCompiledRules(rules, request.tier, request.model);
  const count = selected.length;

  const existingAt = pendingIndex(state, reservationId);
  if (existingAt >= 0) {
    const existing = state.pending[existingAt] as Reservation;
    return {
      state,
      decision: {
        allowed: true,
        reason: null,
        promo: existing.promo,
        rules: ruleUsages(state, selected, nowMs),
        blockedBy: null,
        retryAfterMs: 0,
        reservation: { id: reservationId, atMs: existing.atMs, gifted: existing.gifted },
      },
      evicted: null,
    };
  }

  const promo = state.promoUntil !== null && nowMs < state.promoUntil;
  let giftedRequests = 0;
  let giftedTokens = 0;
  if (!promo) {
    giftedRequests = Math.min(state.gift.requests, cost.requests);
    giftedTokens = Math.min(state.gift.tokens, cost.inputTokens + cost.outputTokens);
  }

  let blocked = false;
  for (let i = 0; i < count; i++) {
    const rule = selected[i] as CompiledRule;
    const slot = slotFor(state, rule, nowMs);
    const amount = chargedAmount(rule.metric, cost, giftedRequests, giftedTokens);
    slotsScratch[i] = slot;
    amountsScratch[i] = amount;
    const limit = rule.rule.limit;
    if (
      limit !== null &&
      blocks(limit, slot.kind === "rolling" ? slot.total : slot.used, amount, rule, cost)
    ) {
      blocked = true;
    }
  }

  if (state.disabled || (blocked && !promo)) return deny(state, selected, cost, promo, nowMs);

  const slotKeys: string[] = new Array(count);
  const bucketStarts: number[] = new Array(count);
  const usages: RuleUsage[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const rule = selected[i] as CompiledRule;
    const slot = slotsScratch[i] as SlotState;
    const amount = amountsScratch[i] as number;
    let bucketStart: number;
    if (slot.kind === "rolling") bucketStart = chargeRolling(slot, rule.bucketMs, amount, nowMs);
    else {
      slot.used += amount;
      bucketStart = slot.periodStart;
    }
    slotKeys[i] = rule.slotKey;
    bucketStarts[i] = bucketStart;
    usages[i] = ruleUsage(rule, slot, amount, nowMs);
  }
  const gifted = { requests: giftedRequests, tokens: giftedTokens };
  state.gift.requests -= giftedRequests;
  state.gift.tokens -= giftedTokens;
  const reservation: Reservation = {
    id: reservationId,
    atMs: nowMs,
    model: request.model ?? null,
    cost: {
      requests: cost.requests,
      inputTokens: cost.inputTokens,
      outputTokens: cost.outputTokens,
      costMicroUsd: cost.costMicroUsd,
    },
    gifted,
    promo,
    slots: slotKeys,
    bucketStarts,
  };
  // A flood of reservations never settled: the oldest stops being adjustable, its estimate stays.
  const evicted =
    state.pending.length >= MAX_PENDING_RESERVATIONS ? (state.pending.shift() ?? null) : null;
  state.pending.push(reservation);
  return {
    state,
    decision: {
      allowed: true,
      reason: null,
      promo,
      rules: usages,
      blockedBy: null,
      retryAfterMs: 0,
      reservation: { id: reservationId, atMs: nowMs, gifted },
    },
    evicted,
  };
}

/**
 * Whether a rule stops a request: when what it asks of the rule does not fit. A part paid in
 * full by gifted credits asks nothing and is never stopped, even when the regular usage is over
 * the limit (after a promo, or an actual usage above its estimate); a request that asks nothing
 * of the metric in the first place is stopped while the usage is over the limit.
 */
function blocks(
  limit: number,
  used: number,
  amount: number,
  rule: CompiledRule,
  cost: Cost,
): boolean {
  if (used + amount <= limit) return false;
  return amount > 0 || chargedAmount(rule.metric, cost, 0, 0) === 0;
}

/** Builds the denial from the scratch arrays filled by the check; changes nothing. */
function deny(
  state: LimiterState,
  selected: readonly CompiledRule[],
  cost: Cost,
  promo: boolean,
  nowMs: number,
): ReserveResult {
  const usages: RuleUsage[] = new Array(selected.length);
  let blockedBy: RuleUsage | null = null;
  let retryAfterMs: number | null = 0;
  let exceeds = false;
  for (let i = 0; i < selected.length; i++) {
    const rule = selected[i] as CompiledRule;
    const slot = slotsScratch[i] as SlotState;
    const amount = amountsScratch[i] as number;
    const usage = ruleUsage(rule, slot, amount, nowMs);
    usages[i] = usage;
    const limit = rule.rule.limit;
    if (state.disabled || limit === null || !blocks(limit, usage.used, amount, rule, cost)) {
      continue;
    }
    if (amount > limit) {
      if (!exceeds) blockedBy = usage;
      exceeds = true;
      continue;
    }
    if (exceeds) continue;
    const waitMs =
      slot.kind === "rolling"
        ? rollingRetryAfterMs(
            slot,
            rule.windowMs,
            rule.bucketMs,
            usage.used + amount - limit,
            nowMs,
          )
        : slot.periodEnd - nowMs;
    if (blockedBy === null || (retryAfterMs as number) < waitMs) {
      blockedBy = usage;
      retryAfterMs = waitMs;
    }
  }
  const reason = state.disabled ? "disabled" : exceeds ? "exceeds_limit" : "limit";
  return {
    state,
    decision: {
      allowed: false,
      reason,
      promo,
      rules: usages,
      blockedBy: reason === "disabled" ? null : blockedBy,
      retryAfterMs: reason === "limit" ? retryAfterMs : null,
      reservation: null,
    },
    evicted: null,
  };
}
