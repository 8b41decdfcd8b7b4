import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { newTenant, type Tenant } from "./fixtures";
import { call, expectJson } from "./helpers";

const H = 3_600_000;
const from = Date.UTC(2026, 9, 1); // October 2026
const to = Date.UTC(2026, 10, 1);
const h1 = Date.UTC(2026, 9, 3, 10);
const h2 = Date.UTC(2026, 9, 3, 11);
const h3 = Date.UTC(2026, 9, 20, 0);

/** identity, model, hour, requests, input, output, cost, denied, upstream errors */
const seed: [string, string, number, number, number, number, number, number, number][] = [
  ["alice", "gpt-4o", h1, 10, 12_345, 6_789, 500, 3, 2],
  ["alice", "gpt-4o", h2, 5, 1_000, 500, 40, 0, 0],
  ["bob", "gpt-4o-mini", h1, 7, 100_000, 50_001, 90, 0, 1],
  ["bob", "", h3, 20, 0, 0, 0, 1, 4],
  ["carol", "claude-x", h1, 2, 400, 300, 7, 0, 0],
  // Outside the period: September 30th, 23:00.
  ["alice", "gpt-4o", from - H, 99, 99_999, 99_999, 99_999, 99, 99],
];

/**
 * hour, bucket (ms), count. In the period, 100 latencies: 40 ≤ 25 ms, 45 ≤ 100 ms, 10 ≤ 1 s,
 * 5 ≤ 30 s, so by nearest rank p50 (50th) ≤ 100, p90 (90th) ≤ 1 000, p99 (99th) ≤ 30 000.
 */
const latencySeed: [number, number, number][] = [
  [h1, 25, 30],
  [h2, 25, 10],
  [h1, 100, 45],
  [h3, 1_000, 10],
  [h2, 30_000, 5],
  // Outside the period: would make every percentile 60 000.
  [from - H, 60_000, 1_000],
];

let t: Tenant;

beforeAll(async () => {
  t = await newTenant({
    prices: { "gpt-4o-mini*": { inputMicroUsdPerMTok: 150_000, outputMicroUsdPerMTok: 600_000 } },
  });
  for (const row of seed) {
    await env.DB.prepare(
      "insert into usage_rollups (project_id, identity, model, hour_start, requests, input_tokens, output_tokens, cost_micro_usd, denied, upstream_errors) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
      .bind(t.project.id, ...row)
      .run();
  }
  for (const row of latencySeed) {
    await env.DB.prepare(
      "insert into latency_rollups (project_id, hour_start, bucket_le_ms, count) values (?, ?, ?, ?)",
    )
      .bind(t.project.id, ...row)
      .run();
  }
  // Another tenant's slow hour in the same period, which must not show.
  const other = await newTenant();
  await env.DB.prepare(
    "insert into latency_rollups (project_id, hour_start, bucket_le_ms, count) values (?, ?, 60000, 1000)",
  )
    .bind(other.project.id, h1)
    .run();
});

const q = `from=${new Date(from).toISOString()}&to=${to}`;

describe("usage", () => {
  it("sums a period", async () => {
    const body = await expectJson<{
      totals: Record<string, number>;
      identities: number;
      models: number;
      period: unknown;
    }>(
      await call("GET", `/api/projects/${t.project.id}/usage/summary?${q}`, {
        token: t.secretKey.key,
      }),
      200,
    );
    expect(body.period).toEqual({ from, to });
    expect(body.totals).toEqual({
      requests: 44,
      denied: 4,
      inputTokens: 113_745,
      outputTokens: 57_590,
      tokens: 171_335,
      costMicroUsd: 637,
    });
    expect(body).toMatchObject({ identities: 3, models: 3 });
    const alice = await expectJson<{ totals: { requests: number } }>(
      await call("GET", `/api/projects/${t.project.id}/usage/summary?${q}&identity=alice`, {
        token: t.owner.accessToken,
      }),
      200,
    );
    expect(alice.totals.requests).toBe(15);
  });

  it("ranks the top identities", async () => {
    const body = await expectJson<{
      identities: { identity: string; requests: number; tokens: number }[];
    }>(
      await call("GET", `/api/projects/${t.project.id}/usage/identities?${q}&limit=2`, {
        token: t.secretKey.key,
      }),
      200,
    );
    expect(body.identities.map((i) => [i.identity, i.requests])).toEqual([
      ["bob", 27],
      ["alice", 15],
    ]);
    const byTokens = await expectJson<{ identities: { identity: string; tokens: number }[] }>(
      await call("GET", `/api/projects/${t.project.id}/usage/identities?${q}&orderBy=tokens`, {
        token: t.secretKey.key,
      }),
      200,
    );
    expect(byTokens.identities.map((i) => [i.identity, i.tokens])).toEqual([
      ["bob", 150_001],
      ["alice", 20_634],
      ["carol", 700],
    ]);
  });

  it("splits by model", async () => {
    const body = await expectJson<{ models: { model: string; requests: number }[] }>(
      await call("GET", `/api/projects/${t.project.id}/usage/models?${q}`, {
        token: t.secretKey.key,
      }),
      200,
    );
    expect(body.models.map((m) => [m.model, m.requests])).toEqual([
      ["", 20],
      ["claude-x", 2],
      ["gpt-4o", 15],
      ["gpt-4o-mini", 7],
    ]);
  });

  it("gives hourly and daily series, empty buckets included", async () => {
    const hourly = await expectJson<{ points: { start: number; requests: number }[] }>(
      await call(
        "GET",
        `/api/projects/${t.project.id}/usage/timeseries?bucket=hour&from=${h1 - H}&to=${h2 + 2 * H}`,
        { token: t.secretKey.key },
      ),
      200,
    );
    expect(hourly.points.map((p) => [p.start, p.requests])).toEqual([
      [h1 - H, 0],
      [h1, 19],
      [h2, 5],
      [h2 + H, 0],
    ]);
    const daily = await expectJson<{ points: { start: number; requests: number }[] }>(
      await call(
        "GET",
        `/api/projects/${t.project.id}/usage/timeseries?${q}&bucket=day&model=gpt-4o`,
        { token: t.secretKey.key },
      ),
      200,
    );
    expect(daily.points).toHaveLength(31);
    expect(daily.points.filter((p) => p.requests > 0)).toEqual([
      expect.objectContaining({ start: Date.UTC(2026, 9, 3), requests: 15 }),
    ]);
  });

  it("gives the metrics: counters, upstream errors and latency percentiles", async () => {
    const body = await expectJson<Record<string, unknown>>(
      await call("GET", `/api/projects/${t.project.id}/usage/metrics?${q}`, {
        token: t.secretKey.key,
      }),
      200,
    );
    expect(body).toEqual({
      period: { from, to },
      counters: { requests: 48, allowed: 44, denied: 4, upstreamErrors: 7 },
      deniedRate: 4 / 48,
      latencyMs: { p50: 100, p90: 1_000, p99: 30_000 },
    });
    // One hour (h2): 10 ≤ 25 ms and 5 ≤ 30 s.
    const oneHour = await expectJson<Record<string, unknown>>(
      await call("GET", `/api/projects/${t.project.id}/usage/metrics?from=${h2}&to=${h2 + H}`, {
        token: t.owner.accessToken,
      }),
      200,
    );
    expect(oneHour).toEqual({
      period: { from: h2, to: h2 + H },
      counters: { requests: 5, allowed: 5, denied: 0, upstreamErrors: 0 },
      deniedRate: 0,
      latencyMs: { p50: 25, p90: 30_000, p99: 30_000 },
    });
  });

  it("answers zeros and null percentiles for a period without traffic", async () => {
    const body = await expectJson<Record<string, unknown>>(
      await call("GET", `/api/projects/${t.project.id}/usage/metrics?from=${h3 + H}&to=${to}`, {
        token: t.secretKey.key,
      }),
      200,
    );
    expect(body).toEqual({
      period: { from: h3 + H, to },
      counters: { requests: 0, allowed: 0, denied: 0, upstreamErrors: 0 },
      deniedRate: 0,
      latencyMs: { p50: null, p90: null, p99: null },
    });
  });
});

describe("the billing statement", () => {
  it("equals the hand-computed total for the seeded history", async () => {
    const statement = await expectJson<{
      lineItems: {
        model: string;
        totalMicroUsd: number;
        inputChargeMicroUsd: number;
        outputChargeMicroUsd: number;
        priceSource: string | null;
      }[];
      totalMicroUsd: number;
      totalUsd: string;
    }>(
      await call("POST", `/api/projects/${t.project.id}/billing/statement`, {
        token: t.secretKey.key,
        body: {
          from: new Date(from).toISOString(),
          to,
          requestUnitPriceMicroUsd: 100,
          modelPrices: {
            "gpt-4o": { inputMicroUsdPerMTok: 2_500_000, outputMicroUsdPerMTok: 10_000_000 },
          },
        },
      }),
      200,
    );
    // By hand, per line: requests × 100 µ$ + input × price/1e6 + output × price/1e6, rounded half up.
    //   ""           20 req → 2 000                                        = 2 000
    //   claude-x      2 req →   200 (no price: tokens free)                 =   200
    //   gpt-4o       15 req → 1 500 + 13 345 × 2.5 = 33 362.5 → 33 363
    //                                + 7 289 × 10  = 72 890                = 107 753
    //   gpt-4o-mini   7 req →   700 + 100 000 × 0.15 = 15 000
    //                                + 50 001 × 0.6 = 30 000.6 → 30 001    =  45 701
    //   total                                                               = 155 654
    expect(statement.lineItems.map((l) => [l.model, l.totalMicroUsd])).toEqual([
      ["", 2_000],
      ["claude-x", 200],
      ["gpt-4o", 107_753],
      ["gpt-4o-mini", 45_701],
    ]);
    expect(statement.lineItems.map((l) => l.priceSource)).toEqual([
      null,
      null,
      "request",
      "project",
    ]);
    expect(statement.totalMicroUsd).toBe(155_654);
    expect(statement.totalUsd).toBe("0.155654");
  });

  it("bills one identity", async () => {
    const statement = await expectJson<{ totalMicroUsd: number; identity: string }>(
      await call("POST", `/api/projects/${t.project.id}/billing/statement`, {
        token: t.owner.accessToken,
        body: { from, to, identity: "bob", requestUnitPriceMicroUsd: 100 },
      }),
      200,
    );
    expect(statement).toMatchObject({ identity: "bob", totalMicroUsd: 2_000 + 45_701 });
  });

  it("bills an hour once across back-to-back periods whose bounds fall inside it", async () => {
    // Months in India (UTC+05:30) start at 18:30 UTC: the hour 18:00–19:00 UTC straddles them.
    const tenant = await newTenant();
    const straddling = Date.UTC(2026, 9, 31, 18);
    for (const [hour, requests] of [
      [Date.UTC(2026, 9, 31, 17), 1],
      [straddling, 10],
      [Date.UTC(2026, 9, 31, 19), 100],
    ]) {
      await env.DB.prepare(
        "insert into usage_rollups (project_id, identity, model, hour_start, requests) values (?, 'alice', 'gpt-4o', ?, ?)",
      )
        .bind(tenant.project.id, hour, requests)
        .run();
    }
    const statement = async (from: string, to: string) =>
      (
        await expectJson<{ totalMicroUsd: number }>(
          await call("POST", `/api/projects/${tenant.project.id}/billing/statement`, {
            token: tenant.secretKey.key,
            body: { from, to, requestUnitPriceMicroUsd: 1 },
          }),
          200,
        )
      ).totalMicroUsd;
    const october = await statement("2026-10-01T00:00:00+05:30", "2026-11-01T00:00:00+05:30");
    const november = await statement("2026-11-01T00:00:00+05:30", "2026-12-01T00:00:00+05:30");
    const both = await statement("2026-10-01T00:00:00+05:30", "2026-12-01T00:00:00+05:30");
    expect(both).toBe(111);
    expect(october + november).toBe(both);
    // The usage endpoints split the same way: an hour counts in the period its start is in.
    const summary = async (from: string, to: string) =>
      (
        await expectJson<{ totals: { requests: number } }>(
          await call(
            "GET",
            `/api/projects/${tenant.project.id}/usage/summary?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
            { token: tenant.secretKey.key },
          ),
          200,
        )
      ).totals.requests;
    expect(
      (await summary("2026-10-01T00:00:00+05:30", "2026-11-01T00:00:00+05:30")) +
        (await summary("2026-11-01T00:00:00+05:30", "2026-12-01T00:00:00+05:30")),
    ).toBe(111);
  });
});
