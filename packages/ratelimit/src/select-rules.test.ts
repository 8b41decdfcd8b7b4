import { describe, expect, it } from "vitest";
import type { Rule, RuleScope } from "./rule";
import { selectRules } from "./select-rules";
import type { WindowSpec } from "./window";

const DAY: WindowSpec = { kind: "calendar", unit: "day" };
const MINUTE: WindowSpec = { kind: "rolling", durationMs: 60_000 };

function rule(id: string, scope: RuleScope, limit: number | null = 10, window = DAY): Rule {
  return { id, metric: "requests", window, limit, scope };
}

const ids = (rules: Rule[]) => rules.map((r) => r.id);

describe("selectRules", () => {
  const rules: Rule[] = [
    rule("default", {}, 100),
    rule("free", { tier: "free" }, 20),
    rule("pro", { tier: "pro" }, 1000),
    rule("gpt4", { model: "gpt-4*" }, 10),
    rule("gpt4-pro", { tier: "pro", model: "gpt-4*" }, 50),
    rule("per-minute", {}, 5, MINUTE),
  ];

  it("applies the project default without a tier or model", () => {
    expect(ids(selectRules(rules, {}))).toEqual(["default", "per-minute"]);
  });

  it("a tier rule beats the default in its slot", () => {
    expect(ids(selectRules(rules, { tier: "free", model: "gpt-3.5-turbo" }))).toEqual([
      "free",
      "per-minute",
    ]);
  });

  it("an unknown tier falls back to the default", () => {
    expect(ids(selectRules(rules, { tier: "enterprise" }))).toEqual(["default", "per-minute"]);
  });

  it("model rules add a slot of their own; tier + model beats model inside it", () => {
    expect(ids(selectRules(rules, { tier: "free", model: "gpt-4o" }))).toEqual([
      "free",
      "gpt4",
      "per-minute",
    ]);
    expect(ids(selectRules(rules, { tier: "pro", model: "gpt-4o-mini" }))).toEqual([
      "pro",
      "gpt4-pro",
      "per-minute",
    ]);
  });

  it("a model pattern never applies to a request without a model", () => {
    expect(ids(selectRules(rules, { tier: "pro", model: null }))).toEqual(["pro", "per-minute"]);
  });

  it("an identity override beats everything in its slot, whatever the tier", () => {
    const withOverride = [
      ...rules,
      rule("me", { identity: true }, null),
      rule("me-gpt4", { identity: true, model: "gpt-4*" }, 500),
    ];
    expect(ids(selectRules(withOverride, { tier: "free", model: "gpt-4o" }))).toEqual([
      "me",
      "me-gpt4",
      "per-minute",
    ]);
  });

  it("rules differing in metric or window are separate slots that all apply", () => {
    const slots = [
      rule("rpm", {}, 20, MINUTE),
      rule("rpd", {}, 200, DAY),
      {
        ...rule("budget", {}, 1_000_000, { kind: "calendar", unit: "month" }),
        metric: "cost_micro_usd",
      } as Rule,
      rule("rpd-berlin", {}, 200, { kind: "calendar", unit: "day", timeZone: "Europe/Berlin" }),
    ];
    expect(ids(selectRules(slots, {}))).toEqual(["rpm", "rpd", "budget", "rpd-berlin"]);
  });

  it("'*' is the same slot as no model; equal rules in a slot: the lower limit wins", () => {
    const same = [rule("a", {}, 30), rule("b", { model: "*" }, 10), rule("c", {}, null)];
    expect(ids(selectRules(same, { model: "x" }))).toEqual(["b"]);
  });

  it("caches per rules array and still sees a new array", () => {
    expect(ids(selectRules(rules, { tier: "free" }))).toEqual(["free", "per-minute"]);
    const changed = rules.filter((r) => r.id !== "free");
    expect(ids(selectRules(changed, { tier: "free" }))).toEqual(["default", "per-minute"]);
  });

  it("keeps answering right past the memo bound", () => {
    for (let i = 0; i < 600; i++) {
      const model = i % 2 === 0 ? `gpt-4-${i}` : `other-${i}`;
      expect(ids(selectRules(rules, { tier: "pro", model }))).toEqual(
        i % 2 === 0 ? ["pro", "gpt4-pro", "per-minute"] : ["pro", "per-minute"],
      );
    }
  });
});
