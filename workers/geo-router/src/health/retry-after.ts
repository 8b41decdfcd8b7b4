import type { PoolSpec } from "../config/router-config";
import type { PoolHealthSnapshot } from "./origin-health";

/**
 * Seconds after which an origin of these pools may take traffic again: the earliest end of a
 * passive-ejection cool-down, or, for origins that active checks took down, `consecutiveUp`
 * intervals. Between 1 and 300; 30 when nothing says otherwise.
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
      const ejectedMs = h.ejectedUntil !== null && h.ejectedUntil > now ? h.ejectedUntil - now : 0;
      const downMs =
        h.state === "down" && pool.monitor
          ? Math.max(1, pool.monitor.consecutiveUp - h.consecutiveUp) * pool.monitor.intervalMs
          : 0;
      const waitMs = Math.max(ejectedMs, downMs);
      if (waitMs > 0) soonestMs = Math.min(soonestMs, waitMs);
    }
  }
  if (!Number.isFinite(soonestMs)) return 30;
  return Math.min(300, Math.max(1, Math.ceil(soonestMs / 1000)));
}
