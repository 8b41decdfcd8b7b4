import { describe, expect, it } from "vitest";
import { validateRule, validateRules } from "./validate-rule";

const valid = {
  id: "rpm",
  metric: "requests",
  window: { kind: "rolling", durationMs: 60_000 },
  limit: 20,
  scope: { tier: "free" },
};

function errorsOf(input: unknown) {
  const result = validateRule(input);
  return result.ok ? [] : result.errors;
}

describe("validateRule", () => {
  it("accepts a valid rule as is", () => {
    expect(validateRule(valid)).toEqual({ ok: true, rule: valid });
  });

  it("normalizes: typed duration, canonical zone, UTC and * dropped, missing scope", () => {
    const result = validateRule({
      id: "r",
      metric: "tokens",
      window: { kind: "rolling", duration: "10 s" },
      limit: null,
    });
    expect(result).toEqual({
      ok: true,
      rule: {
        id: "r",
        metric: "tokens",
        window: { kind: "rolling", durationMs: 10_000 },
        limit: null,
        scope: {},
      },
    });
    const calendar = validateRule({
      ...valid,
      window: { kind: "calendar", unit: "day", timeZone: "Etc/UTC" },
      scope: { model: "*" },
    });
    expect(calendar.ok && calendar.rule.window).toEqual({ kind: "calendar", unit: "day" });
    expect(calendar.ok && calendar.rule.scope).toEqual({});
  });

  it.each([
    [{ ...valid, limit: -1 }, ["limit"], "must not be negative"],
    [{ ...valid, limit: 1.5 }, ["limit"], "must be a whole number"],
    [{ ...valid, limit: "10" }, ["limit"], "must be a number or null (unlimited)"],
    [{ ...valid, limit: undefined }, ["limit"], "is required (null = unlimited)"],
    [{ ...valid, metric: "cost_usd" }, ["metric"], 'unknown metric "cost_usd"'],
    [{ ...valid, window: { kind: "rolling", durationMs: 0 } }, ["window", "durationMs"], "> 0"],
    [{ ...valid, window: { kind: "rolling", durationMs: 999 } }, ["window", "durationMs"], "1 s"],
    [
      { ...valid, window: { kind: "rolling", durationMs: 32 * 86_400_000 } },
      ["window", "durationMs"],
      "31 days",
    ],
    [{ ...valid, window: { kind: "rolling", duration: "1 w" } }, ["window", "duration"], "10 s"],
    [{ ...valid, window: { kind: "rolling", duration: "500 ms" } }, ["window", "duration"], "1 s"],
    [{ ...valid, window: { kind: "calendar", unit: "year" } }, ["window", "unit"], '"year"'],
    [
      { ...valid, window: { kind: "calendar", unit: "day", timeZone: "Europe/Atlantis" } },
      ["window", "timeZone"],
      "unknown IANA time zone",
    ],
    [{ ...valid, window: { kind: "fixed" } }, ["window", "kind"], "unknown window kind"],
    [{ ...valid, window: "1 m" }, ["window"], "must be an object"],
    [{ ...valid, id: "" }, ["id"], "1–128 characters"],
    [{ ...valid, scope: { tier: "" } }, ["scope", "tier"], "1–128 characters"],
    [{ ...valid, scope: { model: 4 } }, ["scope", "model"], "model pattern"],
    [{ ...valid, scope: { identity: "yes" } }, ["scope", "identity"], "true or false"],
    [{ ...valid, scope: { identity: true, tier: "pro" } }, ["scope", "tier"], "whatever the tier"],
    [{ ...valid, scope: { region: "eu" } }, ["scope", "region"], 'unknown field "region"'],
    [{ ...valid, burst: 3 }, ["burst"], 'unknown field "burst"'],
  ])("rejects %j at %j", (input, path, message) => {
    const errors = errorsOf(input);
    expect(errors.map((error) => error.path)).toContainEqual(path);
    expect(errors.find((error) => error.path.join() === path.join())?.message).toContain(
      message.replace("> 0", "greater than 0"),
    );
  });

  it("reports every problem at once", () => {
    const errors = errorsOf({ id: 1, metric: "x", window: {}, limit: -5 });
    expect(errors.map((error) => error.path)).toEqual([
      ["id"],
      ["metric"],
      ["window", "kind"],
      ["limit"],
    ]);
  });

  it("rejects what is not an object", () => {
    expect(errorsOf(null)).toEqual([{ path: [], message: "must be an object" }]);
    expect(errorsOf([valid])).toEqual([{ path: [], message: "must be an object" }]);
  });
});

describe("validateRules", () => {
  it("prefixes paths with the index and rejects duplicate ids", () => {
    const result = validateRules([valid, { ...valid, limit: -1 }, valid]);
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: [1, "limit"], message: "must not be negative" },
        { path: [2, "id"], message: 'duplicate rule id "rpm"' },
      ],
    });
  });

  it("returns the normalized rules", () => {
    expect(validateRules([valid])).toEqual({ ok: true, rules: [valid] });
    expect(validateRules({})).toEqual({
      ok: false,
      errors: [{ path: [], message: "must be an array of rules" }],
    });
  });
});
