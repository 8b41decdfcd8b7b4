import { describe, expect, it } from "vitest";
import { checkAndReserve } from "./check-and-reserve";
import type { Cost } from "./cost";
import { METRICS } from "./metric";
import { peek } from "./peek";
import { resetPeriod } from "./reset-period";
import type { Rule } from "./rule";
import { refund, settle } from "./settle";
import { createState, type LimiterState } from "./state";

const T0 = Date.UTC(2026, 10, 24, 10);
const rules: Rule[] = [
  {
    id: "rpm",
    metric: "requests",
    window: { kind: "rolling", durationMs: 60_000 },
    limit: 3,
    scope: {},
  },
  {
    id: "rpmonth",
    metric: "requests",
    window: { kind: "calendar", unit: "month" },
    limit: 3,
    scope: {},
  },
  {
    id: "tpmonth",
    metric: "tokens",
    window: { kind: "calendar", unit: "month" },
    limit: 1_000,
    scope: {},
  },
];
const cost: Cost = { requests: 1, inputTokens: 100, outputTokens: 0, costMicroUsd: 0 };

function reserve(state: LimiterState, id: string, nowMs: number) {
  return checkAndReserve(state, rules, { reservationId: id, cost }, nowMs).decision;
}
const used = (state: LimiterState, nowMs: number) =>
  peek(state, rules, {}, nowMs).map((usage) => usage.used);

describe("resetPeriod", () => {
  it("zeroes the current period of the chosen metrics only", () => {
    const state = createState();
    for (const id of ["a", "b", "c"]) reserve(state, id, T0);
    expect(reserve(state, "d", T0).allowed).toBe(false);
    resetPeriod(state, ["requests"], T0 + 1);
    expect(used(state, T0 + 1)).toEqual([0, 0, 300]);
    expect(reserve(state, "e", T0 + 2).allowed).toBe(true);
    resetPeriod(state, METRICS, T0 + 3);
    expect(used(state, T0 + 3)).toEqual([0, 0, 0]);
  });

  it("open reservations stop counting in what was reset", () => {
    const state = createState();
    reserve(state, "a", T0);
    reserve(state, "b", T0);
    resetPeriod(state, ["requests", "tokens"], T0 + 1);
    reserve(state, "c", T0 + 2);
    refund(state, "a", T0 + 3);
    settle(state, "b", { ...cost, inputTokens: 900 }, T0 + 3);
    expect(used(state, T0 + 3)).toEqual([1, 1, 100]);
  });
});
