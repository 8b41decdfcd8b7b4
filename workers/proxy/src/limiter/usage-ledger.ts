import {
  buildLatencyRollupUpserts,
  buildUsageRollupUpserts,
  type Db,
  hourStartOf,
  type LatencyRollupDelta,
  USAGE_ROLLUP_COUNTS,
  type UsageRollupDelta,
} from "@floodgate/db";
import { latencyBucketOf } from "@floodgate/metering";
import type { BatchItem } from "drizzle-orm/batch";

/** Unflushed usage by `model|hourStart`. */
type Rollups = Record<string, UsageRollupDelta>;
/** Unflushed latency histogram by `hourStart|bucketLeMs`. */
type Latencies = Record<string, LatencyRollupDelta>;

export type UsageDelta = Partial<
  Omit<UsageRollupDelta, "projectId" | "identity" | "model" | "hourStart">
>;

/**
 * Rows (model × hour) waiting for the flush, at most: a model first seen once this many are
 * waiting is counted under `OTHER_MODELS`. A call names its model freely (and a denied call is
 * counted too), so without a bound a client could grow the object's stored ledger, and the batch
 * its alarm writes, by one row per made-up name.
 */
export const MAX_PENDING_ROLLUP_ROWS = 256;
/** The model name the rollups count models past `MAX_PENDING_ROLLUP_ROWS` under. */
export const OTHER_MODELS = "(other)";

/**
 * A LimiterDO's usage not yet in D1: rollups per model and UTC hour, and the project's latency
 * histogram, kept in the object's KV storage (by `write`, after changes) so an eviction loses
 * nothing, and written to D1 in one batch by `flush`.
 */
export class UsageLedger {
  /** Read from storage on first use: most calls of a new object (allowed checks) never count. */
  private kept: { rollups: Rollups; latencies: Latencies } | null = null;
  /** What changed since the last `write`. */
  private changed = { rollups: false, latencies: false };

  constructor(private readonly kv: SyncKvStorage) {}

  private get rollups(): Rollups {
    this.kept ??= this.load();
    return this.kept.rollups;
  }

  private get latencies(): Latencies {
    this.kept ??= this.load();
    return this.kept.latencies;
  }

  private load(): { rollups: Rollups; latencies: Latencies } {
    return {
      rollups: this.kv.get<Rollups>("rollups") ?? {},
      latencies: this.kv.get<Latencies>("latencies") ?? {},
    };
  }

  add(
    owner: { projectId: string; identity: string },
    model: string | null,
    atMs: number,
    delta: UsageDelta,
  ): void {
    const hourStart = hourStartOf(atMs);
    let name = model ?? "";
    let key = `${name}|${hourStart}`;
    if (!(key in this.rollups) && Object.keys(this.rollups).length >= MAX_PENDING_ROLLUP_ROWS) {
      name = OTHER_MODELS;
      key = `${name}|${hourStart}`;
    }
    const row = this.rollups[key] ?? {
      projectId: owner.projectId,
      identity: owner.identity,
      model: name,
      hourStart,
    };
    this.rollups[key] = row;
    for (const name of USAGE_ROLLUP_COUNTS) row[name] = (row[name] ?? 0) + (delta[name] ?? 0);
    this.changed.rollups = true;
  }

  /** Counts one upstream latency in the project's histogram of the hour. */
  addLatency(projectId: string, atMs: number, latencyMs: number): void {
    const hourStart = hourStartOf(atMs);
    const bucketLeMs = latencyBucketOf(latencyMs);
    const key = `${hourStart}|${bucketLeMs}`;
    const row = this.latencies[key] ?? { projectId, hourStart, bucketLeMs, count: 0 };
    row.count += 1;
    this.latencies[key] = row;
    this.changed.latencies = true;
  }

  /** Puts what changed since the last write into the object's storage. */
  write(): void {
    if (this.changed.rollups) this.kv.put("rollups", this.rollups);
    if (this.changed.latencies) this.kv.put("latencies", this.latencies);
    this.changed = { rollups: false, latencies: false };
  }

  /**
   * Writes everything to D1 in one batch, after `extra` statements of the caller; keeps it on
   * failure. Calls served while the batch is in flight may add to the rows: only what was
   * written is taken off.
   */
  async flush(db: Db, extra: BatchItem<"sqlite">[]): Promise<void> {
    const rollups = structuredClone(this.rollups);
    const latencies = structuredClone(this.latencies);
    const upserts = [
      ...buildUsageRollupUpserts(db, Object.values(rollups)),
      ...buildLatencyRollupUpserts(db, Object.values(latencies)),
    ];
    if (upserts.length === 0) return;
    await db.batch([...extra, ...upserts] as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    subtract(this.rollups, rollups, USAGE_ROLLUP_COUNTS);
    subtract(this.latencies, latencies, ["count"]);
    this.changed = { rollups: true, latencies: true };
  }

  clear(): void {
    this.kept = { rollups: {}, latencies: {} };
    this.changed = { rollups: false, latencies: false };
  }
}

/** Takes `written` off `pending`, row by row, and drops the rows left at zero. */
function subtract<T extends { [P in K]?: number }, K extends keyof T>(
  pending: Record<string, T>,
  written: Record<string, T>,
  counts: readonly K[],
): void {
  for (const [key, sent] of Object.entries(written)) {
    const row = pending[key];
    if (!row) continue;
    for (const name of counts) row[name] = ((row[name] ?? 0) - (sent[name] ?? 0)) as T[K];
    if (counts.every((name) => !row[name])) delete pending[key];
  }
}
