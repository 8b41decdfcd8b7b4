import { type Db, latencyRollups, usageRollups } from "@floodgate/db";
import { percentileFromHistogram } from "@floodgate/metering";
import { and, asc, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * A period, `from` inclusive and `to` exclusive. Rollups are hourly: an hour counts in full in the
 * period its start falls in, so back-to-back periods never count an hour twice, whatever their
 * bounds (a month in UTC+05:30 starts at 18:30 UTC).
 */
export interface Period {
  from: number;
  to: number;
}

export interface UsageFilter {
  identity?: string | undefined;
  model?: string | undefined;
}

function where(projectId: string, period: Period, filter: UsageFilter = {}): SQL | undefined {
  const conditions: SQL[] = [
    eq(usageRollups.projectId, projectId),
    gte(usageRollups.hourStart, period.from),
    lt(usageRollups.hourStart, period.to),
  ];
  if (filter.identity !== undefined) conditions.push(eq(usageRollups.identity, filter.identity));
  if (filter.model !== undefined) conditions.push(eq(usageRollups.model, filter.model));
  return and(...conditions);
}

const totals = {
  requests: sql<number>`coalesce(sum(${usageRollups.requests}), 0)`,
  denied: sql<number>`coalesce(sum(${usageRollups.denied}), 0)`,
  inputTokens: sql<number>`coalesce(sum(${usageRollups.inputTokens}), 0)`,
  outputTokens: sql<number>`coalesce(sum(${usageRollups.outputTokens}), 0)`,
  costMicroUsd: sql<number>`coalesce(sum(${usageRollups.costMicroUsd}), 0)`,
};

type Totals = {
  requests: number;
  denied: number;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
};

function withTokens<T extends Totals>(row: T) {
  return { ...row, tokens: row.inputTokens + row.outputTokens };
}

export async function usageSummary(db: Db, projectId: string, period: Period, filter: UsageFilter) {
  const [row] = await db
    .select({
      ...totals,
      identities: sql<number>`count(distinct ${usageRollups.identity})`,
      models: sql<number>`count(distinct nullif(${usageRollups.model}, ''))`,
    })
    .from(usageRollups)
    .where(where(projectId, period, filter));
  return withTokens(
    row ?? {
      requests: 0,
      denied: 0,
      inputTokens: 0,
      outputTokens: 0,
      costMicroUsd: 0,
      identities: 0,
      models: 0,
    },
  );
}

export const usageOrders = ["requests", "tokens", "cost_micro_usd", "denied"] as const;
export type UsageOrder = (typeof usageOrders)[number];

const orderColumns: Record<UsageOrder, SQL> = {
  requests: totals.requests,
  tokens: sql`coalesce(sum(${usageRollups.inputTokens}), 0) + coalesce(sum(${usageRollups.outputTokens}), 0)`,
  cost_micro_usd: totals.costMicroUsd,
  denied: totals.denied,
};

/** The top `limit` identities of the period by `orderBy`. */
export async function usageByIdentity(
  db: Db,
  projectId: string,
  period: Period,
  limit: number,
  orderBy: UsageOrder,
) {
  const rows = await db
    .select({ identity: usageRollups.identity, ...totals })
    .from(usageRollups)
    .where(where(projectId, period))
    .groupBy(usageRollups.identity)
    .orderBy(desc(orderColumns[orderBy]), asc(usageRollups.identity))
    .limit(limit);
  return rows.map(withTokens);
}

/** Usage per model (`""` = requests without a model, e.g. the gateway). */
export async function usageByModel(db: Db, projectId: string, period: Period, filter: UsageFilter) {
  const rows = await db
    .select({ model: usageRollups.model, ...totals })
    .from(usageRollups)
    .where(where(projectId, period, filter))
    .groupBy(usageRollups.model)
    .orderBy(asc(usageRollups.model));
  return rows.map(withTokens);
}

export type Bucket = "hour" | "day";

/** Usage per UTC hour or day, every bucket of the period present (zeros included). */
export async function usageTimeseries(
  db: Db,
  projectId: string,
  period: Period,
  bucket: Bucket,
  filter: UsageFilter,
) {
  const size = bucket === "hour" ? HOUR_MS : DAY_MS;
  // Inlined, not bound: D1 binds numbers as REAL, and integer division is what floors here.
  const width = sql.raw(String(size));
  const start = sql<number>`(${usageRollups.hourStart} / ${width}) * ${width}`;
  const rows = await db
    .select({ start, ...totals })
    .from(usageRollups)
    .where(where(projectId, period, filter))
    .groupBy(start)
    .orderBy(asc(start));
  const byStart = new Map(rows.map((r) => [Number(r.start), r]));
  const points = [];
  // The first bucket holding an hour of the period (the hour `from` falls inside is not one).
  const firstHour = Math.ceil(period.from / HOUR_MS) * HOUR_MS;
  for (let t = Math.floor(firstHour / size) * size; t < period.to; t += size) {
    const row = byStart.get(t);
    points.push(
      withTokens({
        start: t,
        requests: row?.requests ?? 0,
        denied: row?.denied ?? 0,
        inputTokens: row?.inputTokens ?? 0,
        outputTokens: row?.outputTokens ?? 0,
        costMicroUsd: row?.costMicroUsd ?? 0,
      }),
    );
  }
  return points;
}

/** Upstream latency percentiles, ms: upper bounds of histogram buckets; null without samples. */
export interface LatencyPercentiles {
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

/** Counters and latency percentiles of a project for the metrics endpoint (two queries, one batch). */
export async function usageMetrics(db: Db, projectId: string, period: Period) {
  const [[counters], histogram] = await db.batch([
    db
      .select({
        allowed: totals.requests,
        denied: totals.denied,
        upstreamErrors: sql<number>`coalesce(sum(${usageRollups.upstreamErrors}), 0)`,
      })
      .from(usageRollups)
      .where(where(projectId, period)),
    db
      .select({
        leMs: latencyRollups.bucketLeMs,
        count: sql<number>`coalesce(sum(${latencyRollups.count}), 0)`,
      })
      .from(latencyRollups)
      .where(
        and(
          eq(latencyRollups.projectId, projectId),
          gte(latencyRollups.hourStart, period.from),
          lt(latencyRollups.hourStart, period.to),
        ),
      )
      .groupBy(latencyRollups.bucketLeMs),
  ]);
  const buckets = histogram.map((b) => ({ leMs: Number(b.leMs), count: Number(b.count) }));
  const latencyMs: LatencyPercentiles = {
    p50: percentileFromHistogram(buckets, 0.5),
    p90: percentileFromHistogram(buckets, 0.9),
    p99: percentileFromHistogram(buckets, 0.99),
  };
  return {
    allowed: counters?.allowed ?? 0,
    denied: counters?.denied ?? 0,
    upstreamErrors: counters?.upstreamErrors ?? 0,
    latencyMs,
  };
}
