import { describe, expect, it } from "vitest";
import { compileModelPattern, matchesAnyModel } from "./model-pattern";

describe("compileModelPattern", () => {
  it.each([
    ["gpt-4o", "gpt-4o", true],
    ["gpt-4o", "gpt-4o-mini", false],
    ["gpt-4*", "gpt-4o", true],
    ["gpt-4*", "gpt-4", true],
    ["gpt-4*", "gpt-3.5-turbo", false],
    ["*-mini", "gpt-4o-mini", true],
    ["*-mini", "gpt-4o", false],
    ["claude-*-sonnet*", "claude-3-5-sonnet-latest", true],
    ["claude-*-sonnet*", "claude-3-haiku", false],
    ["a*b*c", "abc", true],
    ["a*b*c", "aXbYc", true],
    ["a*b*c", "ac", false],
    ["ab*ba", "aba", false],
    ["ab*ba", "abba", true],
    ["gpt.4*", "gpt-4o", false],
    ["GPT-4*", "gpt-4o", false],
  ])("%s ~ %s → %s", (pattern, model, expected) => {
    expect(compileModelPattern(pattern)(model)).toBe(expected);
  });

  it("treats a pattern of only stars as any model", () => {
    expect(matchesAnyModel("*")).toBe(true);
    expect(matchesAnyModel("**")).toBe(true);
    expect(matchesAnyModel("gpt*")).toBe(false);
  });
});
