import type { EjectionTiming } from "@floodgate/contracts";
import type { OriginHealth } from "./origin-health";

type Backoff = Pick<EjectionTiming, "cooldownMs" | "maxCooldownMs">;
type EjectionRecord = Pick<OriginHealth, "ejections" | "lastEjectedUntil">;

/**
 * The ejections that still count at `now`: the stored count less one for each whole `cooldownMs`
 * the origin has spent in service since its last cool-down ended (as Envoy's outlier detection
 * lowers its ejection multiplier for each interval a host stays in). Computed from the end of the
 * last cool-down, so nothing has to run while an origin is healthy.
 */
export function ejectionCount(health: EjectionRecord, now: number, cooldownMs: number): number {
  if (health.lastEjectedUntil === null || now <= health.lastEjectedUntil) return health.ejections;
  const forgiven = Math.floor((now - health.lastEjectedUntil) / cooldownMs);
  return Math.max(0, health.ejections - forgiven);
}

/** The cool-down of an origin's `count`-th ejection: `cooldownMs × count`, up to `maxCooldownMs`. */
export function cooldownFor(count: number, backoff: Backoff): number {
  return Math.min(backoff.cooldownMs * Math.max(1, count), backoff.maxCooldownMs);
}

/**
 * Ejects the origin at `at`: one more ejection counts, and its cool-down grows with the count.
 * The count stops where the cool-down reaches `maxCooldownMs`: more would not lengthen the
 * cool-down, only the time in service it takes to forgive them.
 */
export function eject(
  health: EjectionRecord,
  at: number,
  backoff: Backoff,
): Pick<OriginHealth, "ejections" | "lastEjectedUntil" | "ejectedUntil"> {
  const most = Math.ceil(backoff.maxCooldownMs / backoff.cooldownMs);
  const ejections = Math.min(ejectionCount(health, at, backoff.cooldownMs) + 1, most);
  const ejectedUntil = at + cooldownFor(ejections, backoff);
  return { ejections, ejectedUntil, lastEjectedUntil: ejectedUntil };
}
