import { describe, expect, it } from "vitest";
import { checkAndReserve } from "./check-and-reserve";
import { compactState } from "./compact-state";
import type { Rule } from "./rule";
import { settle } from "./settle";
import { createState } from "./state";

const T0 = Date.UTC(2026, 10, 24, 10);
const perMinute: Rule = {
  id: "rpm",
  metric: "requests",
  window: { kind: "rolling", durationMs: 60_000 },
  limit: 10,
  scope: {},
};
const perDay: Rule = {
  id: "rpd",
  metric: "requests",
  window: { kind: "calendar", unit: "day" },
  limit: 100,
  scope: {},
};
const cost = { requests: 1, inputTokens: 0, outputTokens: 0, costMicroUsd: 0 };

describe("compactState", () => {
  it("drops empty windows and past periods, keeps the rest, with no rules to go by", () => {
    // No rules are passed: a copy older than the rules that counted can't drop usage in force.
    const state = createState();
    checkAndReserve(state, [perMinute, perDay], { reservationId: "a", cost }, T0);
    settle(state, "a", cost, T0);
    expect(compactState(state, T0 + 1)).toBe(0);
    expect(compactState(state, T0 + 61_000)).toBe(1);
    expect(Object.keys(state.slots)).toEqual(["requests|day@UTC|*"]);
    expect(state.slots["requests|day@UTC|*"]).toMatchObject({ used: 1 });
    expect(compactState(state, T0 + 86_400_000)).toBe(1);
    expect(state.slots).toEqual({});
  });

  it("keeps a slot an open reservation may still settle into", () => {
    const state = createState();
    checkAndReserve(state, [perMinute], { reservationId: "a", cost }, T0);
    expect(compactState(state, T0 + 120_000)).toBe(0);
    settle(state, "a", cost, T0 + 120_000);
    expect(compactState(state, T0 + 120_000)).toBe(1);
  });
});
