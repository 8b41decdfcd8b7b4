import { describe, expect, it } from "vitest";
import { checkAndReserve, type ReserveRequest } from "./check-and-reserve";
import type { Cost } from "./cost";
import { addGift, setDisabled, setPromo } from "./identity-settings";
import type { Metric } from "./metric";
import type { Rule, RuleScope } from "./rule";
import { createState, type LimiterState } from "./state";
import type { WindowSpec } from "./window";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const T0 = Date.UTC(2026, 10, 24, 10); // Tuesday 2026-11-24 10:00 UTC

function rule(
  id: string,
  metric: Metric,
  window: WindowSpec,
  limit: number | null,
  scope: RuleScope = {},
): Rule {
  return { id, metric, window, limit, scope };
}
const rolling = (durationMs: number): WindowSpec => ({ kind: "rolling", durationMs });
const day: WindowSpec = { kind: "calendar", unit: "day" };

function cost(extra: Partial<Cost> = {}): Cost {
  return { requests: 1, inputTokens: 0, outputTokens: 0, costMicroUsd: 0, ...extra };
}

let next = 0;
function reserve(
  state: LimiterState,
  rules: Rule[],
  nowMs: number,
  extra: Partial<Omit<ReserveRequest, "cost">> & { cost?: Partial<Cost> } = {},
) {
  const { cost: partial, ...rest } = extra;
  return checkAndReserve(
    state,
    rules,
    { reservationId: `r${next++}`, cost: cost(partial), ...rest },
    nowMs,
  ).decision;
}

describe("checkAndReserve", () => {
  it("admits up to the limit, then denies and consumes nothing", () => {
    const rules = [rule("rpm", "requests", rolling(MINUTE), 2)];
    const state = createState();
    const first = reserve(state, rules, T0);
    expect(first).toMatchObject({ allowed: true, reason: null, retryAfterMs: 0 });
    expect(first.rules).toEqual([
      {
        id: "rpm",
        metric: "requests",
        window: rolling(MINUTE),
        limit: 2,
        used: 1,
        remaining: 1,
        requested: 1,
        resetAt: T0 + SECOND + MINUTE - 1,
      },
    ]);
    expect(reserve(state, rules, T0 + 1).allowed).toBe(true);

    const before = JSON.stringify(state);
    const denied = reserve(state, rules, T0 + 2);
    expect(denied).toMatchObject({ allowed: false, reason: "limit", reservation: null });
    expect(denied.blockedBy).toMatchObject({ id: "rpm", used: 2, remaining: 0, requested: 1 });
    expect(JSON.stringify(state)).toBe(before);
  });

  it("checks every slot: all must pass", () => {
    const rules = [
      rule("rpm", "requests", rolling(MINUTE), 2),
      rule("rpd", "requests", day, 3),
      rule("budget", "cost_micro_usd", { kind: "calendar", unit: "month" }, 1_000_000),
    ];
    const state = createState();
    expect(reserve(state, rules, T0).allowed).toBe(true);
    expect(reserve(state, rules, T0).allowed).toBe(true);
    expect(reserve(state, rules, T0).blockedBy?.id).toBe("rpm");
    expect(reserve(state, rules, T0 + 2 * MINUTE).allowed).toBe(true);
    expect(reserve(state, rules, T0 + 4 * MINUTE).blockedBy?.id).toBe("rpd");
    const pricey = reserve(createState(), rules, T0, { cost: { costMicroUsd: 1_000_001 } });
    expect(pricey).toMatchObject({ reason: "exceeds_limit", blockedBy: { id: "budget" } });
  });

  it("counts a gpt-4o request in the gpt-4* rule and in the general rule", () => {
    const rules = [
      rule("general", "requests", day, 100),
      rule("gpt4", "requests", day, 2, { model: "gpt-4*" }),
    ];
    const state = createState();
    reserve(state, rules, T0, { model: "gpt-4o" });
    reserve(state, rules, T0, { model: "gpt-3.5-turbo" });
    const decision = reserve(state, rules, T0, { model: "gpt-4o-mini" });
    expect(decision.rules.map((r) => [r.id, r.used])).toEqual([
      ["general", 3],
      ["gpt4", 2],
    ]);
    expect(reserve(state, rules, T0, { model: "gpt-4o" }).blockedBy?.id).toBe("gpt4");
    expect(reserve(state, rules, T0, { model: "o3" }).allowed).toBe(true);
  });

  it("keeps the usage of the period when the identity changes tier", () => {
    const rules = [
      rule("free", "requests", day, 2, { tier: "free" }),
      rule("pro", "requests", day, 5, { tier: "pro" }),
    ];
    const state = createState();
    reserve(state, rules, T0, { tier: "free" });
    reserve(state, rules, T0, { tier: "free" });
    expect(reserve(state, rules, T0, { tier: "free" }).allowed).toBe(false);
    const upgraded = reserve(state, rules, T0, { tier: "pro" });
    expect(upgraded.rules[0]).toMatchObject({ id: "pro", used: 3, remaining: 2 });
  });

  describe("retryAfterMs", () => {
    it("rolling: waits until enough old buckets have slid out for this request's cost", () => {
      const rules = [rule("tpm", "tokens", rolling(MINUTE), 300)];
      const state = createState();
      // 100 tokens at 0 s, 10 s and 20 s; buckets are 1 s.
      for (const at of [0, 10, 20])
        reserve(state, rules, T0 + at * SECOND, { cost: { inputTokens: 100 } });

      const small = reserve(state, rules, T0 + 30 * SECOND, { cost: { inputTokens: 100 } });
      // The bucket [T0, T0 + 1 s) leaves the window at T0 + 1 s + 60 s - 1 ms.
      expect(small).toMatchObject({ reason: "limit", retryAfterMs: 31 * SECOND - 1 });
      const large = reserve(state, rules, T0 + 30 * SECOND, { cost: { inputTokens: 250 } });
      expect(large.retryAfterMs).toBe(51 * SECOND - 1);

      const probe = JSON.parse(JSON.stringify(state)) as LimiterState;
      const at = T0 + 30 * SECOND + (large.retryAfterMs ?? 0);
      expect(reserve(probe, rules, at - 1, { cost: { inputTokens: 250 } }).allowed).toBe(false);
      expect(reserve(probe, rules, at, { cost: { inputTokens: 250 } }).allowed).toBe(true);
    });

    it("calendar: waits until the end of the period, in the rule's time zone", () => {
      const berlin: WindowSpec = { kind: "calendar", unit: "day", timeZone: "Europe/Berlin" };
      const rules = [rule("rpd", "requests", berlin, 1)];
      const state = createState();
      reserve(state, rules, T0);
      const denied = reserve(state, rules, T0 + MINUTE);
      // Midnight in Berlin is 23:00 UTC in November.
      expect(denied.retryAfterMs).toBe(Date.UTC(2026, 10, 24, 23) - (T0 + MINUTE));
      expect(denied.blockedBy?.resetAt).toBe(Date.UTC(2026, 10, 24, 23));
      expect(reserve(state, rules, Date.UTC(2026, 10, 24, 23)).allowed).toBe(true);
    });

    it("several blocking rules: the one that frees last decides", () => {
      const rules = [rule("rpm", "requests", rolling(MINUTE), 1), rule("rpd", "requests", day, 1)];
      const state = createState();
      reserve(state, rules, T0);
      const denied = reserve(state, rules, T0 + SECOND);
      expect(denied.blockedBy?.id).toBe("rpd");
      expect(denied.retryAfterMs).toBe(14 * 3_600_000 - SECOND);
    });

    it("exceeds_limit: a request larger than a limit can never pass", () => {
      const rules = [
        rule("rpm", "requests", rolling(MINUTE), 1),
        rule("tpm", "tokens", rolling(MINUTE), 1_000),
      ];
      const state = createState();
      reserve(state, rules, T0);
      const denied = reserve(state, rules, T0, { cost: { inputTokens: 600, outputTokens: 600 } });
      expect(denied).toMatchObject({
        allowed: false,
        reason: "exceeds_limit",
        retryAfterMs: null,
        blockedBy: { id: "tpm", requested: 1_200, limit: 1_000 },
      });
      const zero = [rule("none", "requests", day, 0)];
      expect(reserve(createState(), zero, T0).reason).toBe("exceeds_limit");
    });
  });

  it("disabled: denied with its own reason, nothing counted", () => {
    const rules = [rule("rpd", "requests", day, 5)];
    const state = setDisabled(createState(), true);
    const denied = reserve(state, rules, T0);
    expect(denied).toMatchObject({
      allowed: false,
      reason: "disabled",
      blockedBy: null,
      retryAfterMs: null,
    });
    expect(denied.rules[0]?.used).toBe(0);
    setDisabled(state, false);
    expect(reserve(state, rules, T0).rules[0]?.used).toBe(1);
  });

  it("promo: admits beyond the limits until its end, still counting, gifts untouched", () => {
    const rules = [rule("rpd", "requests", day, 1)];
    const state = addGift(setPromo(createState(), T0 + MINUTE), { requests: 5 });
    for (let i = 0; i < 3; i++) {
      expect(reserve(state, rules, T0 + i)).toMatchObject({ allowed: true, promo: true });
    }
    expect(state.gift.requests).toBe(5);
    const after = reserve(state, rules, T0 + MINUTE);
    expect(after).toMatchObject({ allowed: true, promo: false });
    expect(after.reservation?.gifted).toEqual({ requests: 1, tokens: 0 });
    expect(after.rules[0]?.used).toBe(3);
    setDisabled(state, true);
    setPromo(state, T0 + 2 * MINUTE);
    expect(reserve(state, rules, T0 + MINUTE).reason).toBe("disabled");
  });

  describe("gifted credits", () => {
    it("are spent before the regular allowance", () => {
      const rules = [rule("rpd", "requests", day, 1)];
      const state = addGift(createState(), { requests: 2 });
      const first = reserve(state, rules, T0);
      expect(first.reservation?.gifted).toEqual({ requests: 1, tokens: 0 });
      expect(first.rules[0]).toMatchObject({ used: 0, requested: 0 });
      reserve(state, rules, T0);
      expect(state.gift.requests).toBe(0);
      expect(reserve(state, rules, T0).rules[0]?.used).toBe(1);
      expect(reserve(state, rules, T0).allowed).toBe(false);
    });

    it("pay part of a request: input tokens first, then output, and their share of the price", () => {
      const rules = [
        rule("t", "tokens", day, 10_000),
        rule("in", "input_tokens", day, 10_000),
        rule("out", "output_tokens", day, 10_000),
        rule("usd", "cost_micro_usd", day, 10_000),
        rule("req", "requests", day, 10),
      ];
      const state = addGift(createState(), { tokens: 300 });
      const decision = reserve(state, rules, T0, {
        cost: { inputTokens: 200, outputTokens: 800, costMicroUsd: 1_001 },
      });
      expect(decision.reservation?.gifted).toEqual({ requests: 0, tokens: 300 });
      expect(decision.rules.map((r) => [r.id, r.used])).toEqual([
        ["t", 700],
        ["in", 0],
        ["out", 700],
        ["usd", 701], // 1001 − floor(1001 × 300 / 1000)
        ["req", 1],
      ]);
      expect(state.gift.tokens).toBe(0);
    });

    it("let a request pass a rule it would exceed, and are not spent when it is denied", () => {
      const rules = [rule("tpd", "tokens", day, 500), rule("rpm", "requests", rolling(MINUTE), 1)];
      const state = addGift(createState(), { tokens: 1_000 });
      expect(reserve(state, rules, T0, { cost: { inputTokens: 800 } }).allowed).toBe(true);
      expect(reserve(state, rules, T0, { cost: { inputTokens: 100 } }).reason).toBe("limit");
      expect(state.gift.tokens).toBe(200);
    });
  });

  it("unlimited rules count usage and report no remaining", () => {
    const rules = [rule("free-for-all", "tokens", day, null)];
    const state = createState();
    reserve(state, rules, T0, { cost: { outputTokens: 1e9 } });
    const decision = reserve(state, rules, T0, { cost: { outputTokens: 1 } });
    expect(decision.rules[0]).toMatchObject({ used: 1e9 + 1, remaining: null, limit: null });
  });

  it("a retried call with an open reservation's id admits without counting twice", () => {
    const rules = [rule("rpd", "requests", day, 1)];
    const state = createState();
    const request: ReserveRequest = { reservationId: "same", cost: cost() };
    const first = checkAndReserve(state, rules, request, T0).decision;
    const again = checkAndReserve(state, rules, request, T0 + 5).decision;
    expect(again).toMatchObject({ allowed: true, reservation: first.reservation });
    expect(again.rules[0]?.used).toBe(1);
    expect(state.pending).toHaveLength(1);
  });

  it("works on a state that went through JSON", () => {
    const rules = [rule("rpm", "requests", rolling(MINUTE), 2), rule("rpd", "requests", day, 10)];
    let state = createState();
    reserve(state, rules, T0);
    state = JSON.parse(JSON.stringify(state)) as LimiterState;
    reserve(state, rules, T0 + 1);
    state = JSON.parse(JSON.stringify(state)) as LimiterState;
    expect(reserve(state, rules, T0 + 2).rules.map((r) => r.used)).toEqual([2, 2]);
  });

  it("rejects malformed costs and clocks", () => {
    const rules = [rule("rpd", "requests", day, 1)];
    const state = createState();
    expect(() => reserve(state, rules, T0, { cost: { inputTokens: -1 } })).toThrow(RangeError);
    expect(() => reserve(state, rules, T0, { cost: { costMicroUsd: 0.5 } })).toThrow(RangeError);
    expect(() => reserve(state, rules, Number.NaN)).toThrow(RangeError);
    expect(state.pending).toHaveLength(0);
  });
});
