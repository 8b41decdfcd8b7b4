import { describe, expect, it } from "vitest";
import { applyCheck, applyTraffic } from "./hysteresis";
import {
  type CheckResult,
  isAvailable,
  isOnlyEjected,
  type OriginHealth,
  type TrafficOutcome,
  unknownOriginHealth,
} from "./origin-health";

const monitor = { consecutiveUp: 3, consecutiveDown: 2 };
const ejection = { consecutiveFailures: 3, cooldownMs: 30_000, maxCooldownMs: 300_000 };
const check = (passed: boolean, at: number): CheckResult => ({
  originId: "o",
  passed,
  status: passed ? 200 : 503,
  latencyMs: 20,
  error: passed ? null : "status 503",
  at,
});

function runChecks(start: OriginHealth, outcomes: boolean[]): OriginHealth[] {
  const states: OriginHealth[] = [];
  let h = start;
  outcomes.forEach((passed, i) => {
    h = applyCheck(h, check(passed, (i + 1) * 60_000), monitor);
    states.push(h);
  });
  return states;
}

function lastOf(states: OriginHealth[]): OriginHealth {
  const last = states.at(-1);
  if (!last) throw new Error("no states");
  return last;
}

describe("active-check hysteresis", () => {
  it("goes down only after consecutiveDown failed checks in a row", () => {
    const states = runChecks(unknownOriginHealth(0), [false, true, false, false]);
    expect(states.map((s) => s.state)).toEqual(["up", "up", "up", "down"]);
    expect(states[3]?.since).toBe(240_000);
  });

  it("comes back only after consecutiveUp passed checks in a row", () => {
    const down = lastOf(runChecks(unknownOriginHealth(0), [false, false]));
    const states = runChecks(down, [true, true, false, true, true, true]);
    expect(states.map((s) => s.state)).toEqual(["down", "down", "down", "down", "down", "up"]);
    expect(states.at(-1)?.since).toBe(360_000);
  });

  it("records the last check and folds passed checks' latency into the EWMA", () => {
    const h = applyCheck(unknownOriginHealth(0), check(true, 1_000), monitor);
    expect(h.lastCheck).toEqual({
      passed: true,
      status: 200,
      latencyMs: 20,
      error: null,
      at: 1_000,
    });
    expect(h.latencyEwmaMs).toBe(20);
  });
});

describe("passive ejection", () => {
  const fail = (at: number, panic = false): TrafficOutcome => ({
    originId: "o",
    failed: true,
    abandoned: false,
    latencyMs: null,
    panic,
    at,
  });
  const ok = (at: number, panic = false): TrafficOutcome => ({
    originId: "o",
    failed: false,
    abandoned: false,
    latencyMs: 15,
    panic,
    at,
  });

  it("ejects after consecutiveFailures failed requests, for the cool-down", () => {
    let h = unknownOriginHealth(0);
    h = applyTraffic(h, fail(1), ejection);
    h = applyTraffic(h, fail(2), ejection);
    expect(isAvailable(h, 2, true)).toBe(true);
    h = applyTraffic(h, fail(3), ejection);
    expect(h.ejectedUntil).toBe(30_003);
    expect(isAvailable(h, 30_002, true)).toBe(false);
    expect(isAvailable(h, 30_003, true)).toBe(true);
    expect(h).toMatchObject({ requests: 3, errors: 3, state: "up" });
  });

  it("a success resets the count", () => {
    let h = unknownOriginHealth(0);
    for (const outcome of [fail(1), fail(2), ok(3), fail(4), fail(5)])
      h = applyTraffic(h, outcome, ejection);
    expect(h.ejectedUntil).toBeNull();
    expect(h.passiveFailures).toBe(2);
  });

  it("late failures of requests already in flight do not extend the cool-down", () => {
    let h = unknownOriginHealth(0);
    for (const at of [1, 2, 3, 4, 5]) h = applyTraffic(h, fail(at), ejection);
    expect(h.ejectedUntil).toBe(30_003);
  });

  it("after the cool-down the origin is back, and must fail again in a row to be ejected again", () => {
    let h = unknownOriginHealth(0);
    for (const at of [1, 2, 3]) h = applyTraffic(h, fail(at), ejection);
    h = applyTraffic(h, fail(40_000), ejection);
    expect(h.ejectedUntil).toBeNull();
    expect(isAvailable(h, 40_000, true)).toBe(true);
  });

  it("panic traffic during the cool-down neither extends it nor counts towards the next ejection", () => {
    let h = unknownOriginHealth(0);
    for (const at of [1, 2, 3]) h = applyTraffic(h, fail(at), ejection);
    expect(h.ejectedUntil).toBe(30_003);
    // Every origin is out: panic routing keeps sending this one requests, and they keep failing.
    for (let at = 1_000; at < 30_003; at += 1_000) h = applyTraffic(h, fail(at, true), ejection);
    expect(h).toMatchObject({ ejectedUntil: 30_003, passiveFailures: 0, panicRequests: 30 });
    expect(isOnlyEjected(h, 30_002, true)).toBe(true);
    // The cool-down ends on time, and it takes consecutiveFailures new failures to eject it again.
    expect(isAvailable(h, 30_003, true)).toBe(true);
    h = applyTraffic(h, fail(30_003), ejection);
    h = applyTraffic(h, fail(30_004), ejection);
    expect(h).toMatchObject({ ejectedUntil: null, passiveFailures: 2, errors: 35 });
    h = applyTraffic(h, ok(30_005, true), ejection);
    expect(h).toMatchObject({ passiveFailures: 0, panicRequests: 31, requests: 36 });
  });

  it("failures from the cool-down that another isolate reports after the cool-down is over still change nothing", () => {
    let h = unknownOriginHealth(0);
    for (const at of [1, 2, 3]) h = applyTraffic(h, fail(at), ejection);
    // An isolate near the HealthDO reports a request served just after the cool-down …
    h = applyTraffic(h, ok(30_050), ejection);
    expect(h.ejectedUntil).toBeNull();
    // … before a distant isolate's report of panic requests that failed just before it ended.
    for (const at of [29_900, 29_950, 30_000]) h = applyTraffic(h, fail(at, true), ejection);
    expect(h).toMatchObject({ ejectedUntil: null, passiveFailures: 0, ejections: 1, errors: 6 });
    expect(isAvailable(h, 30_100, true)).toBe(true);
  });

  it("an attempt the client abandoned is a request (a panic one, if so), neither a failure nor a success", () => {
    let h = unknownOriginHealth(0);
    const abandoned = (at: number, panic: boolean): TrafficOutcome => ({
      originId: "o",
      failed: false,
      abandoned: true,
      latencyMs: null,
      panic,
      at,
    });
    for (const outcome of [fail(1), fail(2), abandoned(3, false)])
      h = applyTraffic(h, outcome, ejection);
    expect(h).toMatchObject({ requests: 3, errors: 2, passiveFailures: 2, latencyEwmaMs: null });
    h = applyTraffic(h, fail(4), ejection);
    expect(h.ejectedUntil).toBe(30_004);
    h = applyTraffic(h, abandoned(5, true), ejection);
    expect(h).toMatchObject({ requests: 5, errors: 3, panicRequests: 1, ejectedUntil: 30_004 });
  });

  it("an origin active checks took down is not one panic routing may use", () => {
    let h = lastOf(runChecks(unknownOriginHealth(0), [false, false]));
    for (const at of [1, 2, 3]) h = applyTraffic(h, fail(at), ejection);
    expect(isOnlyEjected(h, 10, true)).toBe(false);
    // Without a monitor the check state does not count: only ejection keeps it out.
    expect(isOnlyEjected(h, 10, false)).toBe(true);
    expect(isOnlyEjected(h, 30_003, false)).toBe(false); // no longer ejected: simply available
  });

  it("without a monitor, an old down state does not keep the origin out", () => {
    const down = lastOf(runChecks(unknownOriginHealth(0), [false, false]));
    expect(isAvailable(down, 0, true)).toBe(false);
    expect(isAvailable(down, 0, false)).toBe(true);
  });
});
