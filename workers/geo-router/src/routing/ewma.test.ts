import { describe, expect, it } from "vitest";
import { updateEwma } from "./ewma";

describe("updateEwma", () => {
  it("starts at the first sample", () => {
    expect(updateEwma(null, 120, 1_000)).toEqual({ valueMs: 120, at: 1_000 });
  });

  it("moves a little toward samples that come quickly", () => {
    const next = updateEwma({ valueMs: 100, at: 0 }, 200, 1);
    expect(next.valueMs).toBeCloseTo(110, 5); // minAlpha 0.1
  });

  it("lets a sample after a long quiet spell nearly replace the average", () => {
    const next = updateEwma({ valueMs: 100, at: 0 }, 200, 60_000);
    expect(next.valueMs).toBeGreaterThan(199);
  });

  it("after the decay time a sample has ~63 % of the say", () => {
    const next = updateEwma({ valueMs: 0, at: 0 }, 100, 10_000);
    expect(next.valueMs).toBeCloseTo(63.2, 1);
  });

  it("converges on a steady latency", () => {
    let ewma = updateEwma(null, 500, 0);
    for (let t = 100; t <= 5_000; t += 100) ewma = updateEwma(ewma, 50, t);
    expect(ewma.valueMs).toBeLessThan(60);
  });

  it("ignores a clock that goes backwards", () => {
    const next = updateEwma({ valueMs: 100, at: 5_000 }, 200, 4_000);
    expect(next.valueMs).toBeCloseTo(110, 5);
    expect(next.at).toBe(5_000);
  });
});
