import { describe, expect, it } from "vitest";
import { parseDuration } from "./duration";

describe("parseDuration", () => {
  it.each([
    ["10 s", 10_000],
    ["10s", 10_000],
    ["1 m", 60_000],
    ["1 h", 3_600_000],
    ["1 d", 86_400_000],
    ["30 d", 2_592_000_000],
    ["250 ms", 250],
    ["1.5 h", 5_400_000],
    [" 2 m ", 120_000],
  ])("%s is %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "s", "10", "-1 s", "1 w", "1 min", "1e3 s", "0.0001 s", "1 s 2 ms"])(
    "rejects %j",
    (text) => {
      expect(parseDuration(text)).toBeNull();
    },
  );
});
