import type { EjectionTiming, PoolMonitor } from "@floodgate/contracts";
import { updateEwma } from "../routing/ewma";
import { eject } from "./ejection-backoff";
import type { CheckResult, OriginHealth, TrafficOutcome } from "./origin-health";

/**
 * Applies one active check: an up origin goes down after `consecutiveDown` failed checks in a
 * row, a down origin comes back after `consecutiveUp` passed checks in a row. Anything between
 * leaves the state alone, so one flaky check never flaps an origin.
 */
export function applyCheck(
  health: OriginHealth,
  check: CheckResult,
  monitor: Pick<PoolMonitor, "consecutiveUp" | "consecutiveDown">,
): OriginHealth {
  const next: OriginHealth = {
    ...health,
    consecutiveUp: check.passed ? health.consecutiveUp + 1 : 0,
    consecutiveDown: check.passed ? 0 : health.consecutiveDown + 1,
    lastCheck: {
      passed: check.passed,
      status: check.status,
      latencyMs: check.latencyMs,
      error: check.error,
      at: check.at,
    },
  };
  if (check.passed) {
    const latency = updateEwma(ewmaOf(health), check.latencyMs, check.at);
    next.latencyEwmaMs = latency.valueMs;
    next.latencyAt = latency.at;
  }
  if (health.state === "up" && next.consecutiveDown >= monitor.consecutiveDown) {
    next.state = "down";
    next.since = check.at;
  } else if (health.state === "down" && next.consecutiveUp >= monitor.consecutiveUp) {
    next.state = "up";
    next.since = check.at;
  }
  return next;
}

/**
 * Applies one live request: `consecutiveFailures` failures in a row eject the origin for a
 * cool-down; when the cool-down is over it takes traffic again, and the failures count afresh.
 * The cool-down grows for an origin ejected again and again: `cooldownMs` times the ejections
 * that still count, up to `maxCooldownMs` (see {@link eject}), so a flapping origin gets less and
 * less live traffic to fail. Ejection does not touch the active-check state: the two are
 * independent signals.
 *
 * Outcomes from the cool-down (requests in flight when the origin was ejected, and those panic
 * routing sent it since), by their time, so also those one isolate reports after another's
 * report of a later request ended the cool-down, neither extend it nor count towards the next
 * ejection, so the cool-down always ends on time: a client that keeps every origin failing in
 * panic can't keep them out, and traffic goes back to normal routing when it is over.
 */
export function applyTraffic(
  health: OriginHealth,
  outcome: TrafficOutcome,
  ejection: EjectionTiming,
): OriginHealth {
  const next: OriginHealth = {
    ...health,
    requests: health.requests + 1,
    errors: health.errors + (outcome.failed ? 1 : 0),
    panicRequests: health.panicRequests + (outcome.panic ? 1 : 0),
  };
  // The client went away: that says nothing of how the origin is doing.
  if (outcome.abandoned) return next;
  if (outcome.latencyMs !== null) {
    const latency = updateEwma(ewmaOf(health), outcome.latencyMs, outcome.at);
    next.latencyEwmaMs = latency.valueMs;
    next.latencyAt = latency.at;
  }
  if (next.ejectedUntil !== null && next.ejectedUntil <= outcome.at) next.ejectedUntil = null;
  if (!outcome.failed) {
    next.passiveFailures = 0;
    return next;
  }
  // In the cool-down a failure changes nothing (see above); nor does one from the last cool-down
  // reported late, after another isolate's report of a later request ended it.
  if (next.ejectedUntil !== null) return next;
  if (health.lastEjectedUntil !== null && outcome.at < health.lastEjectedUntil) return next;
  next.passiveFailures = health.passiveFailures + 1;
  if (next.passiveFailures >= ejection.consecutiveFailures) {
    return { ...next, ...eject(next, outcome.at, ejection), passiveFailures: 0 };
  }
  return next;
}

function ewmaOf(health: OriginHealth) {
  return health.latencyEwmaMs === null || health.latencyAt === null
    ? null
    : { valueMs: health.latencyEwmaMs, at: health.latencyAt };
}
