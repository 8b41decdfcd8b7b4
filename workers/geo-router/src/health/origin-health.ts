/** `up`: in rotation as far as active checks know; `down`: failed `consecutiveDown` checks. */
export type HealthState = "up" | "down";

/** The outcome of one active check of one origin. */
export interface CheckResult {
  originId: string;
  passed: boolean;
  /** HTTP status, or null when the origin did not answer (connection error, timeout). */
  status: number | null;
  latencyMs: number;
  /** Why it failed, for `/stats` (never a secret: a status or an error class). */
  error: string | null;
  /** Epoch ms. */
  at: number;
}

/** One live request's outcome, as the forwarding path reports it. */
export interface TrafficOutcome {
  originId: string;
  /** Failed on the origin's side: connection error, timeout, one of the pool's `failureStatuses`. */
  failed: boolean;
  /**
   * The client went away before the answer: a request the origin got, but neither a failure nor
   * a success of its (`failed` is false).
   */
  abandoned: boolean;
  /** Time to response headers; null when there were none or the answer was a failure. */
  latencyMs: number | null;
  /** Sent in panic: every origin was out, and this one only by passive ejection. */
  panic: boolean;
  /** Epoch ms. */
  at: number;
}

/** What the pool's HealthDO knows about one origin. */
export interface OriginHealth {
  state: HealthState;
  /** Epoch ms of the last state change, or of the first time the origin was seen. */
  since: number | null;
  consecutiveUp: number;
  consecutiveDown: number;
  /** Failed live requests in a row (reset by a success or an ejection). */
  passiveFailures: number;
  /** Epoch ms until which passive ejection keeps the origin out; null when not ejected. */
  ejectedUntil: number | null;
  /**
   * Ejections that counted towards the latest cool-down's length; each `cooldownMs` in service
   * since `lastEjectedUntil` forgives one (see `ejectionCount`).
   */
  ejections: number;
  /** Epoch ms the latest cool-down ended or ends, kept once it is over; null if never ejected. */
  lastEjectedUntil: number | null;
  /** Live requests reported, ever (those the client abandoned included). */
  requests: number;
  /** Of those, failed. */
  errors: number;
  /** Of those, sent while the origin was ejected because no origin was available (panic). */
  panicRequests: number;
  /** EWMA of time to response headers over passed checks and live requests that did not fail, ms. */
  latencyEwmaMs: number | null;
  latencyAt: number | null;
  lastCheck: Omit<CheckResult, "originId"> | null;
}

/** An origin nobody has reported on: up (new origins take traffic before the first check). */
export function unknownOriginHealth(since: number | null): OriginHealth {
  return {
    state: "up",
    since,
    consecutiveUp: 0,
    consecutiveDown: 0,
    passiveFailures: 0,
    ejectedUntil: null,
    ejections: 0,
    lastEjectedUntil: null,
    requests: 0,
    errors: 0,
    panicRequests: 0,
    latencyEwmaMs: null,
    latencyAt: null,
    lastCheck: null,
  };
}

/**
 * A record the HealthDO stored, maybe before some fields existed: those start from their initial
 * value. An origin stored in a cool-down before ejections were counted counts that one ejection.
 */
export function storedOriginHealth(stored: Partial<OriginHealth>): OriginHealth {
  const health = { ...unknownOriginHealth(null), ...stored };
  if (stored.ejections === undefined && health.ejectedUntil !== null) {
    health.ejections = 1;
    health.lastEjectedUntil = health.ejectedUntil;
  }
  return health;
}

/** A pool's health as the HealthDO returns it. */
export interface PoolHealthSnapshot {
  pool: string;
  /** Epoch ms of the last round of active checks; null before the first. */
  lastCheckAt: number | null;
  origins: Record<string, OriginHealth>;
}

/**
 * Up as far as active checks know: when the pool has them, its last state; without a monitor
 * always (the last check state no longer counts, so removing a monitor can't strand an origin as
 * down).
 */
export function passesChecks(health: OriginHealth, activeChecks: boolean): boolean {
  return !activeChecks || health.state === "up";
}

/** In a passive-ejection cool-down at `now`. */
export function isEjected(health: OriginHealth, now: number): boolean {
  return health.ejectedUntil !== null && health.ejectedUntil > now;
}

/** Takes traffic now: up by active checks and not in a passive-ejection cool-down. */
export function isAvailable(health: OriginHealth, now: number, activeChecks: boolean): boolean {
  return passesChecks(health, activeChecks) && !isEjected(health, now);
}

/**
 * Out only because passive ejection holds it: what panic routing falls back to when no origin
 * anywhere is available. Ejection counts failures of live traffic, which a client can provoke
 * (a request that crashes the origin's app answers 500); active checks are the router's own and
 * can't be, so an origin they take down stays out even in panic.
 */
export function isOnlyEjected(health: OriginHealth, now: number, activeChecks: boolean): boolean {
  return passesChecks(health, activeChecks) && isEjected(health, now);
}
