import { describe, expect, it } from "vitest";
import { checkAndReserve } from "./check-and-reserve";
import type { Cost } from "./cost";
import { addGift, setPromo } from "./identity-settings";
import { peek } from "./peek";
import type { Rule } from "./rule";
import { refund, settle } from "./settle";
import { createState, type LimiterState } from "./state";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const T0 = Date.UTC(2026, 10, 24, 10);

const tokensPerMinute: Rule = {
  id: "tpm",
  metric: "tokens",
  window: { kind: "rolling", durationMs: MINUTE },
  limit: 1_000,
  scope: {},
};
const tokensPerDay: Rule = {
  id: "tpd",
  metric: "tokens",
  window: { kind: "calendar", unit: "day" },
  limit: 10_000,
  scope: {},
};
const requestsPerDay: Rule = {
  id: "rpd",
  metric: "requests",
  window: { kind: "calendar", unit: "day" },
  limit: 100,
  scope: {},
};
const rules = [tokensPerMinute, tokensPerDay, requestsPerDay];

const tokens = (inputTokens: number, outputTokens = 0): Cost => ({
  requests: 1,
  inputTokens,
  outputTokens,
  costMicroUsd: 0,
});

function reserve(state: LimiterState, id: string, cost: Cost, nowMs: number) {
  return checkAndReserve(state, rules, { reservationId: id, cost }, nowMs).decision;
}
const used = (state: LimiterState, nowMs: number) =>
  peek(state, rules, {}, nowMs).map((usage) => usage.used);

describe("settle", () => {
  it("replaces the estimate with the actual usage, higher or lower", () => {
    const state = createState();
    reserve(state, "a", tokens(100, 200), T0);
    reserve(state, "b", tokens(100, 200), T0);
    expect(used(state, T0)).toEqual([600, 600, 2]);
    expect(settle(state, "a", tokens(100, 650), T0 + SECOND).settled).toBe(true);
    expect(used(state, T0 + SECOND)).toEqual([1_050, 1_050, 2]);
    settle(state, "b", tokens(50, 0), T0 + SECOND);
    expect(used(state, T0 + SECOND)).toEqual([800, 800, 2]);
    expect(state.pending).toHaveLength(0);
  });

  it("counts in the bucket where it was reserved, so it slides out with it", () => {
    const state = createState();
    reserve(state, "a", tokens(100), T0);
    reserve(state, "b", tokens(100), T0 + 30 * SECOND);
    settle(state, "a", tokens(500), T0 + 40 * SECOND);
    expect(used(state, T0 + 40 * SECOND)[0]).toBe(600);
    // The bucket of "a" ([T0, T0 + 1 s)) leaves the window at T0 + 61 s − 1 ms.
    expect(used(state, T0 + 61 * SECOND - 2)[0]).toBe(600);
    expect(used(state, T0 + 61 * SECOND - 1)[0]).toBe(100);
  });

  it("drops the difference for a bucket or period that is over", () => {
    const state = createState();
    reserve(state, "a", tokens(100), T0);
    const tomorrow = T0 + 24 * 3_600_000;
    reserve(state, "b", tokens(100), tomorrow);
    settle(state, "a", tokens(5_000), tomorrow);
    expect(used(state, tomorrow)).toEqual([100, 100, 1]);
  });

  it("over the limit after a settle, a request that asks nothing of it still waits", () => {
    const state = createState();
    reserve(state, "a", tokens(100), T0);
    settle(state, "a", tokens(1_500), T0);
    const denied = reserve(state, "b", { ...tokens(0), requests: 1 }, T0 + SECOND);
    expect(denied).toMatchObject({ reason: "limit", blockedBy: { id: "tpm", used: 1_500 } });
    expect(denied.retryAfterMs).toBe(MINUTE - 1);
  });

  it("re-draws gifted credits for the actual usage", () => {
    const state = addGift(createState(), { tokens: 150 });
    const decision = reserve(state, "a", tokens(100), T0);
    expect(decision.reservation?.gifted.tokens).toBe(100);
    expect(used(state, T0)[0]).toBe(0);

    settle(state, "a", tokens(180), T0);
    expect(state.gift.tokens).toBe(0);
    expect(used(state, T0)[0]).toBe(30);

    const state2 = addGift(createState(), { tokens: 150 });
    reserve(state2, "a", tokens(100), T0);
    settle(state2, "a", tokens(40), T0);
    expect(state2.gift.tokens).toBe(110);
    expect(used(state2, T0)[0]).toBe(0);
  });

  it("leaves gifted credits alone for a reservation made during a promo", () => {
    const state = addGift(setPromo(createState(), T0 + MINUTE), { tokens: 500 });
    reserve(state, "a", tokens(100), T0);
    settle(state, "a", tokens(300), T0 + 2 * MINUTE);
    expect(state.gift.tokens).toBe(500);
    expect(used(state, T0 + 2 * MINUTE)[1]).toBe(300);
  });

  it("does nothing for an unknown or already settled reservation", () => {
    const state = createState();
    reserve(state, "a", tokens(100), T0);
    settle(state, "a", tokens(100), T0);
    const before = JSON.stringify(state);
    expect(settle(state, "a", tokens(900), T0).settled).toBe(false);
    expect(settle(state, "nope", tokens(900), T0).settled).toBe(false);
    expect(JSON.stringify(state)).toBe(before);
  });

  it("rejects a malformed actual cost", () => {
    const state = createState();
    reserve(state, "a", tokens(100), T0);
    expect(() => settle(state, "a", tokens(-1), T0)).toThrow(RangeError);
    expect(state.pending).toHaveLength(1);
  });
});

describe("refund", () => {
  it("takes back everything the reservation counted and returns its gift", () => {
    const state = addGift(createState(), { tokens: 50, requests: 1 });
    reserve(state, "a", tokens(100, 100), T0);
    expect(used(state, T0)).toEqual([150, 150, 0]);
    expect(refund(state, "a", T0 + SECOND).refunded).toBe(true);
    expect(used(state, T0 + SECOND)).toEqual([0, 0, 0]);
    expect(state.gift).toEqual({ requests: 1, tokens: 50 });
    expect(refund(state, "a", T0 + SECOND).refunded).toBe(false);
  });
});
