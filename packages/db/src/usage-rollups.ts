import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "./client";
import { usageRollups } from "./schema/usage-rollups";

/** D1 rejects a statement that binds more parameters than this. */
export const D1_MAX_BOUND_PARAMETERS = 100;

/**
 * Rows per upsert statement. Every row binds each column of `usage_rollups` once (the conflict
 * clause binds nothing), so with today's 10 columns: 10 rows, 100 parameters.
 */
export const USAGE_ROLLUP_ROWS_PER_STATEMENT = Math.floor(
  D1_MAX_BOUND_PARAMETERS / Object.keys(getTableColumns(usageRollups)).length,
);

const HOUR_MS = 3_600_000;

/** Epoch ms of the start of the UTC hour containing `atMs`. */
export function hourStartOf(atMs: number): number {
  return Math.floor(atMs / HOUR_MS) * HOUR_MS;
}

/** Usage to add to one (project, identity, model, hour) bucket. Omitted counts are 0. */
export interface UsageRollupDelta {
  projectId: string;
  identity: string;
  /** Omitted or `''` when the request had no model. */
  model?: string;
  /** Epoch ms at the start of a UTC hour (see `hourStartOf`). */
  hourStart: number;
  requests?: number;
  inputTokens?: number;
  outputTokens?: number;
  costMicroUsd?: number;
  denied?: number;
  upstreamErrors?: number;
}

/** A delta with every column filled in, as bound into the statement. */
export type UsageRollupRow = Required<UsageRollupDelta>;

/** The counts of a rollup row, which writes add up. */
export const USAGE_ROLLUP_COUNTS = [
  "requests",
  "inputTokens",
  "outputTokens",
  "costMicroUsd",
  "denied",
  "upstreamErrors",
] as const;
const counts = USAGE_ROLLUP_COUNTS;

/**
 * Sums deltas that hit the same bucket and drops the ones that add nothing, keeping first-seen
 * order. Throws a `RangeError` on an unaligned `hourStart` or a count that is not a non-negative
 * safe integer: both are bugs in the caller, and SQLite would store them silently.
 */
export function mergeUsageRollupDeltas(deltas: readonly UsageRollupDelta[]): UsageRollupRow[] {
  const rows = new Map<string, UsageRollupRow>();
  for (const delta of deltas) {
    if (!Number.isSafeInteger(delta.hourStart) || delta.hourStart % HOUR_MS !== 0) {
      throw new RangeError(`hourStart must be the start of a UTC hour, got ${delta.hourStart}`);
    }
    const model = delta.model ?? "";
    const key = JSON.stringify([delta.projectId, delta.identity, model, delta.hourStart]);
    let row = rows.get(key);
    if (row === undefined) {
      row = {
        projectId: delta.projectId,
        identity: delta.identity,
        model,
        hourStart: delta.hourStart,
        requests: 0,
        inputTokens: 0,
        outputTokens: 0,
        costMicroUsd: 0,
        denied: 0,
        upstreamErrors: 0,
      };
      rows.set(key, row);
    }
    for (const name of counts) {
      const value = delta[name] ?? 0;
      if (!Number.isSafeInteger(value) || value < 0) {
        throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
      }
      row[name] += value;
    }
  }
  return [...rows.values()].filter((row) => counts.some((name) => row[name] > 0));
}

function plusExcluded(column: SQLiteColumn): SQL {
  return sql`${sql.identifier(column.name)} + excluded.${sql.identifier(column.name)}`;
}

function upsertStatement(db: Db, rows: UsageRollupRow[]) {
  const t = usageRollups;
  return db
    .insert(t)
    .values(rows)
    .onConflictDoUpdate({
      target: [t.projectId, t.identity, t.model, t.hourStart],
      set: {
        requests: plusExcluded(t.requests),
        inputTokens: plusExcluded(t.inputTokens),
        outputTokens: plusExcluded(t.outputTokens),
        costMicroUsd: plusExcluded(t.costMicroUsd),
        denied: plusExcluded(t.denied),
        upstreamErrors: plusExcluded(t.upstreamErrors),
      },
    });
}

/** One `INSERT … ON CONFLICT DO UPDATE` statement; an item for `db.batch([...])`. */
export type UsageRollupUpsert = ReturnType<typeof upsertStatement>;

/**
 * Statements that add `deltas` to `usage_rollups`, at most `USAGE_ROLLUP_ROWS_PER_STATEMENT` rows
 * each. Nothing runs until the caller executes them, normally all in one atomic batch:
 *
 * ```ts
 * const [first, ...rest] = buildUsageRollupUpserts(db, deltas);
 * if (first) await db.batch([first, ...rest]);
 * ```
 */
export function buildUsageRollupUpserts(
  db: Db,
  deltas: readonly UsageRollupDelta[],
): UsageRollupUpsert[] {
  const rows = mergeUsageRollupDeltas(deltas);
  const statements: UsageRollupUpsert[] = [];
  for (let i = 0; i < rows.length; i += USAGE_ROLLUP_ROWS_PER_STATEMENT) {
    statements.push(upsertStatement(db, rows.slice(i, i + USAGE_ROLLUP_ROWS_PER_STATEMENT)));
  }
  return statements;
}
