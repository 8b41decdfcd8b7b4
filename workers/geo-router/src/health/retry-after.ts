import type { PoolSpec } from "../config/router-config";
import type { PoolHealthSnapshot } from "./origin-health";

/**
 * Seconds after which an origin of these pools may take traffic again: for origins that active
 * checks took down, `consecutiveUp` intervals (ejected or not: panic routing takes them back
 * when their checks pass); else the earliest end of a passive-ejection cool-down. Between 1 and
 * 300; 30 when nothing says otherwise.
 */
export function retryAfterSeconds(
  pools: ReadonlyArray<{ pool: PoolSpec; health: PoolHealthSnapshot }>,
  now: number,
): number {
  let soonestMs = Number.POSITIVE_INFINITY;
  for (const { pool, health } of pools) {
    for (const origin of pool.origins) {
      if (!origin.enabled) continue;
      const h = health.origins[origin.id];
      if (!h) continue;
      // Down by its checks, it waits for them alone: once they pass, panic routing takes it
      // whatever is left of its cool-down, as nothing else is available.
      const waitMs =
        h.state === "down" && pool.monitor
          ? Math.max(1, pool.monitor.consecutiveUp - h.consecutiveUp) * pool.monitor.intervalMs
          : h.ejectedUntil !== null && h.ejectedUntil > now
            ? h.ejectedUntil - now
            : 0;
      if (waitMs > 0) soonestMs = Math.min(soonestMs, waitMs);
    }
  }
  if (!Number.isFinite(soonestMs)) return 30;
  return Math.min(300, Math.max(1, Math.ceil(soonestMs / 1000)));
}
