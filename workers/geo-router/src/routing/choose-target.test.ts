import { describe, expect, it } from "vitest";
import { buildRouterConfig, type PoolSpec, type RouterConfig } from "../config/router-config";
import {
  type OriginHealth,
  type PoolHealthSnapshot,
  unknownOriginHealth,
} from "../health/origin-health";
import { type ChooseInput, chooseTarget } from "./choose-target";
import { newRoundRobinState } from "./smooth-round-robin";
import { poolSequence, steer } from "./steering";

function config(): RouterConfig {
  const origins = (prefix: string) =>
    [1, 2].map((n) => ({ id: `${prefix}${n}`, url: `https://${prefix}${n}.example` }));
  const result = buildRouterConfig(
    {
      defaultPool: "us",
      failoverOrder: ["us", "eu"],
      pools: [
        { name: "eu", countries: ["DE"], minHealthy: 2, origins: origins("eu"), monitor: {} },
        { name: "us", countries: ["US"], origins: origins("us"), monitor: {} },
      ],
    },
    "static",
  );
  if (!result.ok) throw new Error(result.problems.join());
  return result.config;
}

/** Down by active checks if in `downIds`; taken out by passive ejection until 10 000 (the tests' now is 1) if in `ejectedIds`. */
const healthOf = (id: string, downIds: string[], ejectedIds: string[]): OriginHealth => ({
  ...unknownOriginHealth(0),
  state: downIds.includes(id) ? "down" : "up",
  ejectedUntil: ejectedIds.includes(id) ? 10_000 : null,
});

function input(
  downIds: string[],
  overrides: Partial<ChooseInput> = {},
  ejectedIds: string[] = [],
): ChooseInput {
  const c = config();
  const steering = steer(c, { country: "DE", continent: "EU", source: "cf" });
  return {
    steering,
    pools: poolSequence(c, steering.pool),
    tried: new Set(),
    health: async (pool: PoolSpec): Promise<PoolHealthSnapshot> => {
      return {
        pool: pool.name,
        lastCheckAt: 0,
        origins: Object.fromEntries(
          pool.origins.map((o) => [o.id, healthOf(o.id, downIds, ejectedIds)]),
        ),
      };
    },
    load: () => ({ outstanding: 0, latencyEwmaMs: null }),
    pick: () => ({ roundRobin: newRoundRobinState(), clientKey: "", random: () => 0 }),
    affinity: { cookieHeader: null, header: () => null },
    now: 1,
    ...overrides,
  };
}

describe("chooseTarget", () => {
  it("takes the steered pool when it has enough available origins, reading only its health", async () => {
    const loaded: string[] = [];
    const base = input([]);
    const choice = await chooseTarget({
      ...base,
      health: (pool) => {
        loaded.push(pool.name);
        return base.health(pool);
      },
    });
    expect(
      choice.found && [choice.target.pool.name, choice.target.origin.id, choice.target.reason],
    ).toEqual(["eu", "eu1", "country"]);
    expect(loaded).toEqual(["eu"]);
  });

  it("skips a pool below minHealthy and fails over in order", async () => {
    const choice = await chooseTarget(input(["eu1"]));
    expect(choice.found && [choice.target.pool.name, choice.target.reason]).toEqual([
      "us",
      "failover",
    ]);
  });

  it("never picks an origin this request already tried", async () => {
    const choice = await chooseTarget(input([], { tried: new Set(["eu\u0000eu1"]) }));
    expect(choice.found && choice.target.origin.id).toBe("eu2");
  });

  it("with no usable pool, serves from a degraded one before giving up", async () => {
    const choice = await chooseTarget(input(["eu1", "us1", "us2"]));
    expect(choice.found && [choice.target.pool.name, choice.target.origin.id]).toEqual([
      "eu",
      "eu2",
    ]);
  });

  it("reports every pool it inspected when nothing is available", async () => {
    const choice = await chooseTarget(input(["eu1", "eu2", "us1", "us2"]));
    expect(choice.found).toBe(false);
    if (!choice.found) expect(choice.inspected.map((i) => i.pool.name)).toEqual(["eu", "us"]);
  });

  const picked = (choice: Awaited<ReturnType<typeof chooseTarget>>) =>
    choice.found
      ? [
          choice.target.pool.name,
          choice.target.origin.id,
          choice.target.reason,
          choice.target.panic,
        ]
      : null;

  it("with every origin ejected, panics: the steered pool's ejected origins serve, marked", async () => {
    const all = ["eu1", "eu2", "us1", "us2"];
    expect(picked(await chooseTarget(input([], {}, all)))).toEqual(["eu", "eu1", "country", true]);
    // The pool's strategy still applies, and a retry takes another ejected origin.
    const retry = await chooseTarget(input([], { tried: new Set(["eu\u0000eu1"]) }, all));
    expect(picked(retry)).toEqual(["eu", "eu2", "country", true]);
  });

  it("in panic, pools are taken in the same order: one with minHealthy ejected origins first", async () => {
    // eu needs two: one is down by its checks, so us (one needed) serves from its ejected origins.
    const choice = await chooseTarget(input(["eu1"], {}, ["eu2", "us1", "us2"]));
    expect(picked(choice)).toEqual(["us", "us1", "failover", true]);
    // With us down by its checks too, eu's one ejected origin is better than a 503.
    const degraded = await chooseTarget(input(["eu1", "us1", "us2"], {}, ["eu2"]));
    expect(picked(degraded)).toEqual(["eu", "eu2", "country", true]);
  });

  it("never panics to an origin active checks took down, nor while any origin is available", async () => {
    const downAndEjected = await chooseTarget(input(["eu1", "eu2", "us1", "us2"], {}, ["eu1"]));
    expect(downAndEjected.found).toBe(false);
    // us2 is available but was tried: its failure goes back, no ejected origin is tried.
    const tried = await chooseTarget(
      input([], { tried: new Set(["us\u0000us2"]) }, ["eu1", "eu2", "us1"]),
    );
    expect(tried.found).toBe(false);
  });

  it("a pool without a monitor: ejection alone keeps its origins out, so panic may use them", async () => {
    const c = config();
    const us = c.byName.get("us");
    if (!us) throw new Error("no us");
    us.monitor = null;
    const choice = await chooseTarget(input(["us1"], { pools: [us] }, ["us1", "us2"]));
    expect(picked(choice)).toEqual(["us", "us1", "country", true]);
  });

  it("lets session affinity choose before the strategy", async () => {
    const c = config();
    const eu = c.byName.get("eu");
    if (!eu) throw new Error("no eu");
    eu.affinity = { mode: "cookie", cookieName: "pin", ttlSeconds: 60 };
    const choice = await chooseTarget(
      input([], { pools: [eu], affinity: { cookieHeader: "pin=eu2", header: () => null } }),
    );
    expect(choice.found && [choice.target.origin.id, choice.target.pinned]).toEqual(["eu2", true]);
  });
});
