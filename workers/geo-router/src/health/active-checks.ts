import type { PoolSpec, RouterConfig } from "../config/router-config";
import { CRON_PERIOD_MS, checkLeaseMs, checkRoundOffsets } from "./check-schedule";
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
 * One cron tick of active health checks: every pool with a monitor that is due, and whose previous
 * run is over, probes its enabled origins (concurrently) and hands the results to its HealthDO,
 * which applies the hysteresis. Pools run concurrently; one failing pool does not stop the others.
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

/**
 * One pool's run for this tick: takes the pool's lease in its HealthDO (none when the pool is not
 * due or its previous run is still probing), then one round of probes, or several spaced by the
 * interval when it is under a minute. A run that falls behind starts no round past its minute
 * (the next tick goes on from there), and stops when it lost its lease.
 */
async function checkPool(
  pool: PoolSpec,
  deps: ActiveCheckDeps,
): Promise<PoolHealthSnapshot | null> {
  const monitor = pool.monitor;
  if (!monitor) return null;
  const stub = deps.env.HEALTH.getByName(pool.name);
  const runId = crypto.randomUUID();
  const begun = await stub.beginChecks({
    runId,
    scheduledTime: deps.scheduledTime,
    intervalMs: monitor.intervalMs,
    leaseMs: checkLeaseMs(monitor),
  });
  if (!begun.started) {
    if (begun.reason === "running")
      log("info", "previous check run still probing; pool skipped", pool);
    return null;
  }
  const started = deps.now();
  let snapshot: PoolHealthSnapshot = begun.snapshot;
  try {
    for (const offset of checkRoundOffsets(monitor.intervalMs)) {
      const wait = offset - (deps.now() - started);
      if (wait > 0) await deps.sleep(wait);
      if (offset > 0 && deps.now() - started >= CRON_PERIOD_MS) break;
      const at = deps.scheduledTime + offset;
      const results = await Promise.all(
        pool.origins
          .filter((o) => o.enabled)
          .map((o) => probeOrigin(deps.env, o, monitor, at, deps.now)),
      );
      const recorded = await stub.recordChecks({
        runId,
        monitor,
        originIds: pool.origins.map((o) => o.id),
        results,
      });
      if (!recorded.accepted) {
        log("warn", "check run lost its lease; its results were dropped", pool);
        break;
      }
      snapshot = recorded.snapshot;
    }
  } finally {
    await stub.endChecks({ runId }).catch((err: unknown) => {
      // Its lease runs out by itself.
      log("warn", `could not end the check run: ${String(err)}`, pool);
    });
  }
  return snapshot;
}

function log(level: "info" | "warn", msg: string, pool: PoolSpec): void {
  console[level](JSON.stringify({ level, msg, pool: pool.name }));
}
