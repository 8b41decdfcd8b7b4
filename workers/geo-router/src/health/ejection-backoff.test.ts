import { describe, expect, it } from "vitest";
import { cooldownFor, eject, ejectionCount } from "./ejection-backoff";
import { applyTraffic } from "./hysteresis";
import { type OriginHealth, storedOriginHealth, unknownOriginHealth } from "./origin-health";

const backoff = { consecutiveFailures: 1, cooldownMs: 10_000, maxCooldownMs: 35_000 };
const failAt = (at: number) => ({
  originId: "o",
  failed: true,
  abandoned: false,
  latencyMs: null,
  panic: false,
  at,
});

/** Fails the origin at `at` (one failure ejects it) and returns it with its cool-down's length. */
function failOnce(health: OriginHealth, at: number) {
  const next = applyTraffic(health, failAt(at), backoff);
  return { health: next, cooldownMs: (next.ejectedUntil ?? at) - at };
}

/** An origin that fails again as soon as each cool-down is over, `times` times in all. */
function flapping(times: number) {
  let health = unknownOriginHealth(0);
  const cooldowns: number[] = [];
  let at = 1_000;
  for (let i = 0; i < times; i++) {
    const r = failOnce(health, at);
    health = r.health;
    cooldowns.push(r.cooldownMs);
    at += r.cooldownMs;
  }
  return { health, cooldowns };
}

describe("ejection backoff", () => {
  it("the n-th ejection in a row lasts cooldownMs × n", () => {
    const { health, cooldowns } = flapping(3);
    expect(cooldowns).toEqual([10_000, 20_000, 30_000]);
    expect(health).toMatchObject({ ejections: 3, lastEjectedUntil: health.ejectedUntil });
  });

  it("stops growing at maxCooldownMs, and so does the count", () => {
    const { health, cooldowns } = flapping(6);
    expect(cooldowns).toEqual([10_000, 20_000, 30_000, 35_000, 35_000, 35_000]);
    // 4 ejections already reach the cap: more would only delay the recovery.
    expect(health.ejections).toBe(4);
  });

  it("each cooldownMs in service forgives one ejection, down to none", () => {
    const h = { ejections: 3, lastEjectedUntil: 100_000 };
    expect(ejectionCount(h, 50_000, 10_000)).toBe(3); // still in its cool-down
    expect(ejectionCount(h, 109_999, 10_000)).toBe(3);
    expect(ejectionCount(h, 110_000, 10_000)).toBe(2);
    expect(ejectionCount(h, 125_000, 10_000)).toBe(1);
    expect(ejectionCount(h, 130_000, 10_000)).toBe(0);
    expect(ejectionCount(h, 10_000_000, 10_000)).toBe(0);
    expect(ejectionCount({ ejections: 0, lastEjectedUntil: null }, 0, 10_000)).toBe(0);
  });

  it("an origin back in service long enough is ejected for the base cool-down again", () => {
    let h = unknownOriginHealth(0);
    let r = failOnce(h, 1_000); // 10 s
    r = failOnce(r.health, 11_000); // 20 s, until 31 s
    expect(r.cooldownMs).toBe(20_000);
    // 15 s in service forgives one of the two: the next cool-down is 2 × 10 s, not 3 ×.
    r = failOnce(r.health, 46_000);
    expect(r.cooldownMs).toBe(20_000);
    // 20 s in service after that (until 66 s) forgives both.
    h = r.health;
    r = failOnce(h, 86_000);
    expect(r.cooldownMs).toBe(10_000);
    expect(r.health.ejections).toBe(1);
  });

  it("the cool-down is cooldownMs × count, at least once and at most maxCooldownMs", () => {
    expect([0, 1, 2, 3, 4, 100].map((n) => cooldownFor(n, backoff))).toEqual([
      10_000, 10_000, 20_000, 30_000, 35_000, 35_000,
    ]);
    expect(cooldownFor(5, { cooldownMs: 10_000, maxCooldownMs: 10_000 })).toBe(10_000);
    expect(eject({ ejections: 0, lastEjectedUntil: null }, 5, backoff)).toEqual({
      ejections: 1,
      ejectedUntil: 10_005,
      lastEjectedUntil: 10_005,
    });
  });
});

describe("stored origin records", () => {
  it("a record stored before ejections were counted loads with none, or with one while ejected", () => {
    const { ejections: _e, lastEjectedUntil: _l, ...old } = unknownOriginHealth(5);
    expect(storedOriginHealth(old)).toEqual(unknownOriginHealth(5));
    const inCooldown = storedOriginHealth({ ...old, ejectedUntil: 40_000, requests: 3 });
    expect(inCooldown).toMatchObject({
      ejectedUntil: 40_000,
      ejections: 1,
      lastEjectedUntil: 40_000,
      requests: 3,
    });
    // Its next ejection, right after, is the second in a row.
    expect(failOnce(inCooldown, 40_000).cooldownMs).toBe(20_000);
  });

  it("a record stored before panic routing loads with no panic requests", () => {
    const {
      panicRequests: _p,
      ejections: _e,
      lastEjectedUntil: _l,
      ...old
    } = unknownOriginHealth(5);
    expect(storedOriginHealth(old).panicRequests).toBe(0);
  });

  it("a current record loads as it was stored", () => {
    const h = { ...unknownOriginHealth(5), ejections: 2, lastEjectedUntil: 9_000 };
    expect(storedOriginHealth(JSON.parse(JSON.stringify(h)))).toEqual(h);
  });
});
