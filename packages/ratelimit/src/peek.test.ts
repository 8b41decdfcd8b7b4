import { describe, expect, it } from "vitest";
import { checkAndReserve } from "./check-and-reserve";
import { peek } from "./peek";
import type { Rule } from "./rule";
import { createState } from "./state";

const T0 = Date.UTC(2026, 10, 24, 10);
const rules: Rule[] = [
  {
    id: "rpd",
    metric: "requests",
    window: { kind: "calendar", unit: "day" },
    limit: 2,
    scope: {},
  },
  {
    id: "gpt4",
    metric: "requests",
    window: { kind: "calendar", unit: "day" },
    limit: 1,
    scope: { model: "gpt-4*" },
  },
];
const cost = { requests: 1, inputTokens: 0, outputTokens: 0, costMicroUsd: 0 };

describe("peek", () => {
  it("reports the rules of a request without spending", () => {
    const state = createState();
    checkAndReserve(state, rules, { reservationId: "a", model: "gpt-4o", cost }, T0);
    const usages = peek(state, rules, { model: "gpt-4o" }, T0 + 1);
    expect(usages).toEqual([
      {
        id: "rpd",
        metric: "requests",
        window: rules[0]?.window,
        limit: 2,
        used: 1,
        remaining: 1,
        requested: 0,
        resetAt: Date.UTC(2026, 10, 25),
      },
      expect.objectContaining({ id: "gpt4", used: 1, remaining: 0 }),
    ]);
    expect(peek(state, rules, { model: "gpt-4o" }, T0 + 2)).toEqual(usages);
    expect(peek(state, rules, {}, T0 + 2).map((usage) => usage.id)).toEqual(["rpd"]);
  });
});
