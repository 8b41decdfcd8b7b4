import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { Db } from "./client";
import { latencyRollups } from "./schema/latency-rollups";
import { D1_MAX_BOUND_PARAMETERS } from "./usage-rollups";

/** Rows per upsert statement: 4 columns bound per row, so 25 rows, 100 parameters. */
export const LATENCY_ROLLUP_ROWS_PER_STATEMENT = Math.floor(
  D1_MAX_BOUND_PARAMETERS / Object.keys(getTableColumns(latencyRollups)).length,
);

const HOUR_MS = 3_600_000;

/** Requests to add to one (project, hour, latency bucket) of the histogram. */
export interface LatencyRollupDelta {
  projectId: string;
  /** Epoch ms at the start of a UTC hour (see `hourStartOf`). */
  hourStart: number;
  /** Inclusive upper bound of the bucket, ms (`LATENCY_BUCKET_BOUNDS_MS` of `@floodgate/metering`). */
  bucketLeMs: number;
  count: number;
}

/**
 * Sums deltas of the same bucket and drops empty ones, keeping first-seen order. Throws a
 * `RangeError` on an unaligned hour, or a bound or count that is not a non-negative safe integer.
 */
export function mergeLatencyRollupDeltas(
  deltas: readonly LatencyRollupDelta[],
): LatencyRollupDelta[] {
  const rows = new Map<string, LatencyRollupDelta>();
  for (const { projectId, hourStart, bucketLeMs, count } of deltas) {
    if (!Number.isSafeInteger(hourStart) || hourStart % HOUR_MS !== 0) {
      throw new RangeError(`hourStart must be the start of a UTC hour, got ${hourStart}`);
    }
    for (const [name, value] of [
      ["bucketLeMs", bucketLeMs],
      ["count", count],
    ] as const) {
      if (!Number.isSafeInteger(value) || value < 0) {
        throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
      }
    }
    const key = JSON.stringify([projectId, hourStart, bucketLeMs]);
    const row = rows.get(key);
    if (row) row.count += count;
    else rows.set(key, { projectId, hourStart, bucketLeMs, count });
  }
  return [...rows.values()].filter((row) => row.count > 0);
}

function upsertStatement(db: Db, rows: LatencyRollupDelta[]) {
  const t = latencyRollups;
  const added: SQL = sql`${sql.identifier(t.count.name)} + excluded.${sql.identifier(t.count.name)}`;
  return db
    .insert(t)
    .values(rows)
    .onConflictDoUpdate({
      target: [t.projectId, t.hourStart, t.bucketLeMs],
      set: { count: added },
    });
}

/** One `INSERT … ON CONFLICT DO UPDATE` statement; an item for `db.batch([...])`. */
export type LatencyRollupUpsert = ReturnType<typeof upsertStatement>;

/**
 * Statements that add `deltas` to `latency_rollups`, at most `LATENCY_ROLLUP_ROWS_PER_STATEMENT`
 * rows each, for one atomic `db.batch([...])` (with the usage rollups, as the LimiterDO does).
 */
export function buildLatencyRollupUpserts(
  db: Db,
  deltas: readonly LatencyRollupDelta[],
): LatencyRollupUpsert[] {
  const rows = mergeLatencyRollupDeltas(deltas);
  const statements: LatencyRollupUpsert[] = [];
  for (let i = 0; i < rows.length; i += LATENCY_ROLLUP_ROWS_PER_STATEMENT) {
    statements.push(upsertStatement(db, rows.slice(i, i + LATENCY_ROLLUP_ROWS_PER_STATEMENT)));
  }
  return statements;
}
