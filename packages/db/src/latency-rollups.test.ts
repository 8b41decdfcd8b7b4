import { getTableColumns } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb, type D1Binding } from "./client";
import {
  buildLatencyRollupUpserts,
  LATENCY_ROLLUP_ROWS_PER_STATEMENT,
  type LatencyRollupDelta,
  mergeLatencyRollupDeltas,
} from "./latency-rollups";
import { migratedSqlite, runStatements } from "./migrated-sqlite.test-support";
import { latencyRollups } from "./schema";
import { D1_MAX_BOUND_PARAMETERS } from "./usage-rollups";

// Building and `.toSQL()` never touch the binding, so an empty object stands in for D1.
const db = createDb({} as D1Binding);
const HOUR = 3_600_000;
const t0 = Date.UTC(2026, 10, 24, 6);
const bounds = [25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 3_600_000];

function delta(extra: Partial<LatencyRollupDelta> = {}): LatencyRollupDelta {
  return { projectId: "p1", hourStart: t0, bucketLeMs: 100, count: 1, ...extra };
}

/** `n` distinct buckets: bounds × hours. */
function distinct(n: number): LatencyRollupDelta[] {
  return Array.from({ length: n }, (_, i) =>
    delta({
      hourStart: t0 + Math.floor(i / bounds.length) * HOUR,
      bucketLeMs: bounds[i % bounds.length] as number,
    }),
  );
}

describe("buildLatencyRollupUpserts", () => {
  it("adds to the existing count on conflict with the primary key", () => {
    const [statement] = buildLatencyRollupUpserts(db, [delta({ count: 3 })]);
    const { sql, params } = statement?.toSQL() ?? { sql: "", params: [] };
    expect(sql).toMatch(/^insert into "latency_rollups" /);
    expect(sql).toContain(
      'on conflict ("latency_rollups"."project_id", "latency_rollups"."hour_start", "latency_rollups"."bucket_le_ms") do update set "count" = "count" + excluded."count"',
    );
    expect(params).toEqual(["p1", t0, 100, 3]);
  });

  it.each([
    [0, []],
    [1, [1]],
    [25, [25]],
    [26, [25, 1]],
    [60, [25, 25, 10]],
  ])("chunks %i rows into statements of %j rows", (n, sizes) => {
    const columns = Object.keys(getTableColumns(latencyRollups)).length;
    const statements = buildLatencyRollupUpserts(db, distinct(n));
    expect(statements.map((s) => s.toSQL().params.length / columns)).toEqual(sizes);
  });

  it("binds as many rows as D1's parameter limit allows, and no more", () => {
    const columns = Object.keys(getTableColumns(latencyRollups)).length;
    expect(LATENCY_ROLLUP_ROWS_PER_STATEMENT).toBe(25);
    expect(LATENCY_ROLLUP_ROWS_PER_STATEMENT * columns).toBeLessThanOrEqual(
      D1_MAX_BOUND_PARAMETERS,
    );
    expect((LATENCY_ROLLUP_ROWS_PER_STATEMENT + 1) * columns).toBeGreaterThan(
      D1_MAX_BOUND_PARAMETERS,
    );
  });
});

describe("mergeLatencyRollupDeltas", () => {
  it("sums deltas of one bucket, keeps buckets apart and drops empty ones", () => {
    const rows = mergeLatencyRollupDeltas([
      delta({ count: 2 }),
      delta({ bucketLeMs: 250 }),
      delta({ count: 5 }),
      delta({ hourStart: t0 + HOUR }),
      delta({ projectId: "p2" }),
      delta({ bucketLeMs: 500, count: 0 }),
    ]);
    expect(rows).toEqual([
      { projectId: "p1", hourStart: t0, bucketLeMs: 100, count: 7 },
      { projectId: "p1", hourStart: t0, bucketLeMs: 250, count: 1 },
      { projectId: "p1", hourStart: t0 + HOUR, bucketLeMs: 100, count: 1 },
      { projectId: "p2", hourStart: t0, bucketLeMs: 100, count: 1 },
    ]);
  });

  it("rejects an unaligned hour, a bad bound and a bad count", () => {
    expect(() => mergeLatencyRollupDeltas([delta({ hourStart: t0 + 1 })])).toThrow(RangeError);
    expect(() => mergeLatencyRollupDeltas([delta({ bucketLeMs: -25 })])).toThrow(RangeError);
    expect(() => mergeLatencyRollupDeltas([delta({ count: -1 })])).toThrow(RangeError);
    expect(() => mergeLatencyRollupDeltas([delta({ count: 0.5 })])).toThrow(RangeError);
  });
});

describe("against SQLite with the real migrations", () => {
  it("adds each flush to the histogram already there", () => {
    const sqlite = migratedSqlite();
    const flush = [...distinct(30), delta({ count: 4 })];
    runStatements(sqlite, buildLatencyRollupUpserts(db, flush));
    runStatements(sqlite, buildLatencyRollupUpserts(db, flush));
    const totals = sqlite
      .prepare("SELECT count(*) AS rows, sum(count) AS requests FROM latency_rollups")
      .get();
    expect({ ...totals }).toEqual({ rows: 30, requests: 68 });
    const bucket = sqlite
      .prepare("SELECT count FROM latency_rollups WHERE hour_start = ? AND bucket_le_ms = 100")
      .get(t0);
    expect({ ...bucket }).toEqual({ count: 10 });
  });

  it("goes when its project goes", () => {
    const sqlite = migratedSqlite();
    runStatements(sqlite, buildLatencyRollupUpserts(db, [delta()]));
    sqlite.exec("DELETE FROM projects WHERE id = 'p1'");
    expect({ ...sqlite.prepare("SELECT count(*) AS n FROM latency_rollups").get() }).toEqual({
      n: 0,
    });
  });
});
