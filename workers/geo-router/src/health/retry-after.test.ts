import { describe, expect, it } from "vitest";
import { buildRouterConfig, type PoolSpec } from "../config/router-config";
import { unknownOriginHealth } from "./origin-health";
import { retryAfterSeconds } from "./retry-after";

function pool(monitor: boolean): PoolSpec {
  const result = buildRouterConfig(
    {
      defaultPool: "p",
      pools: [
        {
          name: "p",
          origins: [
            { id: "a", url: "https://a.example" },
            { id: "b", url: "https://b.example" },
          ],
          monitor: monitor ? { intervalMs: 60_000, consecutiveUp: 2 } : null,
        },
      ],
    },
    "static",
  );
  if (!result.ok) throw new Error(result.problems.join());
  return result.config.defaultPool;
}

describe("retryAfterSeconds", () => {
  it("is the earliest end of an ejection cool-down", () => {
    const health = {
      pool: "p",
      lastCheckAt: null,
      origins: {
        a: { ...unknownOriginHealth(0), ejectedUntil: 12_500 },
        b: { ...unknownOriginHealth(0), ejectedUntil: 40_000 },
      },
    };
    expect(retryAfterSeconds([{ pool: pool(false), health }], 10_000)).toBe(3);
  });

  it("for origins down by active checks, waits for the checks still needed", () => {
    const health = {
      pool: "p",
      lastCheckAt: 0,
      origins: {
        a: { ...unknownOriginHealth(0), state: "down" as const, consecutiveUp: 1 },
        b: { ...unknownOriginHealth(0), state: "down" as const, consecutiveUp: 0 },
      },
    };
    expect(retryAfterSeconds([{ pool: pool(true), health }], 0)).toBe(60);
  });

  it("for an origin down by active checks and also ejected, waits only for the checks: panic routing takes it once they pass", () => {
    const health = {
      pool: "p",
      lastCheckAt: 0,
      origins: {
        a: {
          ...unknownOriginHealth(0),
          state: "down" as const,
          consecutiveUp: 1,
          ejectedUntil: 250_000,
        },
        b: {
          ...unknownOriginHealth(0),
          state: "down" as const,
          consecutiveUp: 0,
          ejectedUntil: 3_600_000,
        },
      },
    };
    expect(retryAfterSeconds([{ pool: pool(true), health }], 0)).toBe(60);
  });

  it("defaults to 30 s when nothing is known", () => {
    expect(retryAfterSeconds([], 0)).toBe(30);
  });
});
