import type { DatabaseSync } from "node:sqlite";
import { getTableColumns } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb, type D1Binding } from "./client";
import { migratedSqlite, runStatements } from "./migrated-sqlite.test-support";
import { usageRollups } from "./schema";
import {
  buildUsageRollupUpserts,
  D1_MAX_BOUND_PARAMETERS,
  hourStartOf,
  mergeUsageRollupDeltas,
  USAGE_ROLLUP_ROWS_PER_STATEMENT,
  type UsageRollupDelta,
} from "./usage-rollups";

// Building and `.toSQL()` never touch the binding, so an empty object stands in for D1.
const db = createDb({} as D1Binding);
const HOUR = 3_600_000;
const t0 = Date.UTC(2026, 10, 24, 6);

function delta(i: number, extra: Partial<UsageRollupDelta> = {}): UsageRollupDelta {
  return {
    projectId: "p1",
    identity: `user-${i}`,
    model: "gpt-4o",
    hourStart: t0,
    requests: 1,
    ...extra,
  };
}

function deltas(n: number): UsageRollupDelta[] {
  return Array.from({ length: n }, (_, i) => delta(i));
}

describe("buildUsageRollupUpserts", () => {
  it("adds to the existing counts on conflict with the primary key", () => {
    const [statement] = buildUsageRollupUpserts(db, [delta(0, { inputTokens: 10 })]);
    const { sql } = statement?.toSQL() ?? { sql: "" };
    expect(sql).toMatch(/^insert into "usage_rollups" /);
    expect(sql).toContain(
      'on conflict ("usage_rollups"."project_id", "usage_rollups"."identity", "usage_rollups"."model", "usage_rollups"."hour_start") do update set',
    );
    for (const column of [
      "requests",
      "input_tokens",
      "output_tokens",
      "cost_micro_usd",
      "denied",
      "upstream_errors",
    ]) {
      expect(sql).toContain(`"${column}" = "${column}" + excluded."${column}"`);
    }
  });

  it("binds every column of every row, in table order", () => {
    const [statement] = buildUsageRollupUpserts(db, [
      { projectId: "p1", identity: "u", hourStart: t0, costMicroUsd: 250 },
    ]);
    expect(statement?.toSQL().params).toEqual(["p1", "u", "", t0, 0, 0, 0, 250, 0, 0]);
  });

  it.each([
    [0, []],
    [1, [1]],
    [USAGE_ROLLUP_ROWS_PER_STATEMENT, [USAGE_ROLLUP_ROWS_PER_STATEMENT]],
    [USAGE_ROLLUP_ROWS_PER_STATEMENT + 1, [USAGE_ROLLUP_ROWS_PER_STATEMENT, 1]],
    [25, [10, 10, 5]],
  ])("chunks %i rows into statements of %j rows", (n, sizes) => {
    const statements = buildUsageRollupUpserts(db, deltas(n));
    const columns = Object.keys(getTableColumns(usageRollups)).length;
    expect(statements.map((s) => s.toSQL().params.length / columns)).toEqual(sizes);
  });

  it("binds as many rows as D1's parameter limit allows, and no more", () => {
    const columns = Object.keys(getTableColumns(usageRollups)).length;
    expect(USAGE_ROLLUP_ROWS_PER_STATEMENT).toBe(10);
    expect(USAGE_ROLLUP_ROWS_PER_STATEMENT * columns).toBeLessThanOrEqual(D1_MAX_BOUND_PARAMETERS);
    expect((USAGE_ROLLUP_ROWS_PER_STATEMENT + 1) * columns).toBeGreaterThan(
      D1_MAX_BOUND_PARAMETERS,
    );
    for (const statement of buildUsageRollupUpserts(db, deltas(100))) {
      expect(statement.toSQL().params.length).toBeLessThanOrEqual(D1_MAX_BOUND_PARAMETERS);
    }
  });
});

describe("mergeUsageRollupDeltas", () => {
  it("sums deltas of one bucket and keeps buckets apart", () => {
    const rows = mergeUsageRollupDeltas([
      delta(0, { inputTokens: 5 }),
      delta(1),
      delta(0, { inputTokens: 7, denied: 1, upstreamErrors: 2 }),
      delta(0, { model: "gpt-4o-mini" }),
      delta(0, { hourStart: t0 + HOUR }),
    ]);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({
      projectId: "p1",
      identity: "user-0",
      model: "gpt-4o",
      hourStart: t0,
      requests: 2,
      inputTokens: 12,
      outputTokens: 0,
      costMicroUsd: 0,
      denied: 1,
      upstreamErrors: 2,
    });
  });

  it("treats an omitted model as '' and drops rows that add nothing", () => {
    const rows = mergeUsageRollupDeltas([
      { projectId: "p1", identity: "a", hourStart: t0, model: "", denied: 1 },
      { projectId: "p1", identity: "a", hourStart: t0, denied: 1 },
      { projectId: "p1", identity: "b", hourStart: t0 },
    ]);
    expect(rows).toEqual([expect.objectContaining({ identity: "a", model: "", denied: 2 })]);
  });

  it("rejects an unaligned hour and counts that are not non-negative integers", () => {
    expect(() => mergeUsageRollupDeltas([delta(0, { hourStart: t0 + 1 })])).toThrow(RangeError);
    expect(() => mergeUsageRollupDeltas([delta(0, { requests: -1 })])).toThrow(RangeError);
    expect(() => mergeUsageRollupDeltas([delta(0, { costMicroUsd: 1.5 })])).toThrow(RangeError);
  });
});

describe("hourStartOf", () => {
  it("floors to the UTC hour", () => {
    expect(hourStartOf(t0)).toBe(t0);
    expect(hourStartOf(t0 + HOUR - 1)).toBe(t0);
    expect(hourStartOf(t0 + HOUR)).toBe(t0 + HOUR);
  });
});

describe("against SQLite with the real migrations", () => {
  // D1 is SQLite; node:sqlite runs the same SQL the statements would send, to show they add up.
  const migrated = migratedSqlite;
  const run = (sqlite: DatabaseSync, batch: UsageRollupDelta[]) =>
    runStatements(sqlite, buildUsageRollupUpserts(db, batch));

  it("adds each flush to the rows already there", () => {
    const sqlite = migrated();
    const flush = [
      ...deltas(20),
      delta(3, { inputTokens: 100, outputTokens: 40, costMicroUsd: 9, upstreamErrors: 1 }),
    ];
    run(sqlite, flush);
    run(sqlite, flush);
    const totals = sqlite
      .prepare(
        "SELECT count(*) AS rows, sum(requests) AS requests, sum(input_tokens) AS input, sum(cost_micro_usd) AS cost FROM usage_rollups",
      )
      .get();
    expect({ ...totals }).toEqual({ rows: 20, requests: 42, input: 200, cost: 18 });
    const user3 = sqlite
      .prepare(
        "SELECT requests, output_tokens AS output, upstream_errors AS errors FROM usage_rollups WHERE identity = 'user-3'",
      )
      .get();
    expect({ ...user3 }).toEqual({ requests: 4, output: 80, errors: 2 });
  });
});
