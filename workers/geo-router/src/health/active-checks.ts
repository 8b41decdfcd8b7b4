import type { PoolSpec, RouterConfig } from "../config/router-config";
import { checkRoundOffsets, isCheckDue } from "./check-schedule";
import type { PoolHealthSnapshot } from "./origin-health";
import { probeOrigin } from "./probe-origin";

export interface ActiveCheckDeps {
  env: Env;
  /** Epoch ms of the cron tick (`controller.scheduledTime`): the time checks are recorded at. */
  scheduledTime: number;
  now: () => number;
  /** Waits between rounds of a pool whose interval is under a minute. */
  sleep: (ms: number) => Promise<void>;
}

/**
 * One cron tick of active health checks: every pool with a monitor that is due probes its
 * enabled origins (concurrently) and hands the results to its HealthDO, which applies the
 * hysteresis. Pools run concurrently; one failing pool does not stop the others.
 */
export async function runActiveChecks(
  config: RouterConfig,
  deps: ActiveCheckDeps,
): Promise<PoolHealthSnapshot[]> {
  const results = await Promise.allSettled(
    config.pools.filter((p) => p.monitor).map((p) => checkPool(p, deps)),
  );
  const snapshots: PoolHealthSnapshot[] = [];
  for (const result of results) {
    if (result.status === "fulfilled") {
      if (result.value) snapshots.push(result.value);
    } else {
      console.error(
        JSON.stringify({
          level: "error",
          msg: "active checks failed",
          error: String(result.reason),
        }),
      );
    }
  }
  return snapshots;
}

async function checkPool(
  pool: PoolSpec,
  deps: ActiveCheckDeps,
): Promise<PoolHealthSnapshot | null> {
  const monitor = pool.monitor;
  if (!monitor) return null;
  const stub = deps.env.HEALTH.getByName(pool.name);
  const before = await stub.snapshot();
  if (!isCheckDue(before.lastCheckAt, monitor.intervalMs, deps.scheduledTime)) return null;
  const started = deps.now();
  let snapshot: PoolHealthSnapshot = before;
  for (const offset of checkRoundOffsets(monitor.intervalMs)) {
    const wait = offset - (deps.now() - started);
    if (wait > 0) await deps.sleep(wait);
    const at = deps.scheduledTime + offset;
    const results = await Promise.all(
      pool.origins
        .filter((o) => o.enabled)
        .map((o) => probeOrigin(deps.env, o, monitor, at, deps.now)),
    );
    snapshot = await stub.recordChecks({
      monitor,
      originIds: pool.origins.map((o) => o.id),
      results,
    });
  }
  return snapshot;
}
