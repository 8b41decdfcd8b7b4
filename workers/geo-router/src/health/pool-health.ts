import type { PoolSpec } from "../config/router-config";
import { TtlCache } from "../config/ttl-cache";
import type { PoolHealthSnapshot, TrafficOutcome } from "./origin-health";

/** Most outcomes one batch carries; a fuller buffer is flushed at once. */
const MAX_BATCH = 200;

interface PendingReports {
  pool: PoolSpec;
  outcomes: TrafficOutcome[];
  firstAt: number;
}

/**
 * The isolate's view of pool health: HealthDO snapshots cached for `HEALTH_CACHE_TTL_MS`, and
 * live-traffic outcomes buffered and sent in batches (failures at once, so passive ejection is
 * prompt). If a HealthDO can't be reached the router fails open: origins count as up.
 */
export class PoolHealthService {
  readonly #snapshots = new TtlCache<PoolHealthSnapshot>();
  readonly #pending = new Map<string, PendingReports>();

  async snapshot(
    namespace: Env["HEALTH"],
    pool: string,
    now: number,
    ttlMs: number,
  ): Promise<PoolHealthSnapshot> {
    try {
      return await this.#snapshots.get(pool, now, ttlMs, () =>
        namespace.getByName(pool).snapshot(),
      );
    } catch (err) {
      console.error(
        JSON.stringify({
          level: "error",
          msg: "health snapshot failed; failing open",
          pool,
          error: String(err),
        }),
      );
      return { pool, lastCheckAt: null, origins: {} };
    }
  }

  /** Stores a snapshot a write just returned, so this isolate sees its own report at once. */
  remember(snapshot: PoolHealthSnapshot, now: number): void {
    this.#snapshots.set(snapshot.pool, snapshot, now);
  }

  record(pool: PoolSpec, outcome: TrafficOutcome): void {
    const pending = this.#pending.get(pool.name);
    if (pending) {
      pending.pool = pool;
      pending.outcomes.push(outcome);
    } else {
      this.#pending.set(pool.name, { pool, outcomes: [outcome], firstAt: outcome.at });
    }
  }

  /** Pools whose buffered outcomes should go now: a failure, a full batch, or `flushMs` old. */
  due(now: number, flushMs: number): string[] {
    const names: string[] = [];
    for (const [name, p] of this.#pending) {
      if (
        p.outcomes.length >= MAX_BATCH ||
        now - p.firstAt >= flushMs ||
        p.outcomes.some((o) => o.failed)
      ) {
        names.push(name);
      }
    }
    return names;
  }

  /** Sends buffered outcomes of the given pools (all when omitted) to their HealthDOs. */
  async flush(
    namespace: Env["HEALTH"],
    now: () => number,
    pools?: readonly string[],
  ): Promise<void> {
    const names = pools ?? [...this.#pending.keys()];
    await Promise.all(
      names.map(async (name) => {
        const pending = this.#pending.get(name);
        if (!pending) return;
        this.#pending.delete(name);
        try {
          const { consecutiveFailures, cooldownMs, maxCooldownMs } = pending.pool.ejection;
          const snapshot = await namespace.getByName(name).reportTraffic({
            ejection: { consecutiveFailures, cooldownMs, maxCooldownMs },
            outcomes: pending.outcomes,
          });
          this.remember(snapshot, now());
        } catch (err) {
          console.error(
            JSON.stringify({
              level: "error",
              msg: "traffic report failed",
              pool: name,
              error: String(err),
            }),
          );
        }
      }),
    );
  }
}
