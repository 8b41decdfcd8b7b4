import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { limiterFor } from "../../src/limiter/limiter-client";
import { consumerKey, gatewayTenant, gw } from "../gateway/gateway-fixtures";
import { newTenant, type Tenant } from "./fixtures";
import { call, expectError, expectJson } from "./helpers";

/**
 * What the proxy and the gateway report about their upstream calls (latency, failures) reaches the
 * metrics endpoint once the identity's LimiterDO has flushed. The echo origin waits on
 * `/delay/<ms>` and answers `/status/<code>` (test/gateway/echo-origin.js).
 */

interface Metrics {
  counters: { requests: number; allowed: number; denied: number; upstreamErrors: number };
  latencyMs: { p50: number | null; p90: number | null; p99: number | null };
}

/** Flushes the identity's DO until the metrics show `allowed` requests (settles run in waitUntil). */
async function flushedMetrics(t: Tenant, identity: string, expected: Partial<Metrics["counters"]>) {
  const limiter = limiterFor(env.LIMITER, t.project.id, identity);
  return vi.waitFor(
    async () => {
      await runDurableObjectAlarm(limiter);
      const metrics = await expectJson<Metrics>(
        await call("GET", `/api/projects/${t.project.id}/usage/metrics`, {
          token: t.secretKey.key,
        }),
        200,
      );
      expect(metrics.counters).toMatchObject(expected);
      return metrics;
    },
    { timeout: 5_000, interval: 100 },
  );
}

describe("metrics of the /v1 hot path", () => {
  it("counts timeouts, unreachable upstreams and 5xx as upstream errors, 4xx not, with latencies", async () => {
    const echo = "binding://GATEWAY_ECHO";
    const t = await newTenant({
      upstreamTimeoutMs: 1_000,
      routes: [
        { models: ["ok-*"], provider: "custom", baseUrl: `${echo}/v1` },
        { models: ["fail-*"], provider: "custom", baseUrl: `${echo}/status/500` },
        { models: ["refused-*"], provider: "custom", baseUrl: `${echo}/status/400` },
        { models: ["slow-*"], provider: "custom", baseUrl: `${echo}/delay/1500` },
        { models: ["gone-*"], provider: "custom", baseUrl: "binding://NO_SUCH_ORIGIN/v1" },
      ],
    });
    const chat = (model: string) =>
      call("POST", "/v1/chat/completions", {
        headers: { "x-project-key": t.publishableKey.key, "x-identity": "metrics-v1" },
        body: { model, messages: [{ role: "user", content: "hi" }], max_tokens: 5 },
      });

    const ok = await expectJson<{ path: string }>(await chat("ok-model"), 200);
    expect(ok.path).toBe("/v1/chat/completions");
    await expectError(await chat("fail-model"), 502, "upstream_error");
    const refused = await chat("refused-model");
    expect(refused.status).toBe(400);
    expect(await refused.text()).toBe("status 400");
    await expectError(await chat("slow-model"), 504, "upstream_timeout");
    await expectError(await chat("gone-model"), 502, "upstream_unreachable");

    // Refunded calls are not `allowed`; 5xx, timeout and unreachable are upstream errors.
    const metrics = await flushedMetrics(t, "metrics-v1", { allowed: 1, upstreamErrors: 3 });
    expect(metrics.counters).toEqual({ requests: 1, allowed: 1, denied: 0, upstreamErrors: 3 });
    // Four latencies (the unreachable upstream has none): three fast answers and a 1 s timeout.
    const { p50, p90, p99 } = metrics.latencyMs;
    expect(p50).toBeLessThan(1_000);
    expect(p90).toBe(p99);
    expect([1_000, 2_500]).toContain(p99);

    const rows = await env.DB.prepare(
      "SELECT model, requests, upstream_errors AS errors FROM usage_rollups WHERE project_id = ? ORDER BY model",
    )
      .bind(t.project.id)
      .all();
    expect(rows.results).toEqual([
      { model: "fail-model", requests: 0, errors: 1 },
      { model: "gone-model", requests: 0, errors: 1 },
      { model: "ok-model", requests: 1, errors: 0 },
      { model: "slow-model", requests: 0, errors: 1 },
    ]);
  });
});

describe("metrics of streams the provider broke off", () => {
  it("counts a cut stream and a stalled one as upstream errors, settled for what they delivered", async () => {
    const echo = "binding://GATEWAY_ECHO";
    const t = await newTenant({
      upstreamIdleTimeoutMs: 1_000,
      routes: [
        { models: ["cut-*"], provider: "custom", baseUrl: `${echo}/replay-cut/v1` },
        { models: ["stall-*"], provider: "custom", baseUrl: `${echo}/replay-hold/v1` },
      ],
    });
    const stream = async (model: string) => {
      const res = await call("POST", "/v1/chat/completions", {
        headers: { "x-project-key": t.publishableKey.key, "x-identity": "metrics-streams" },
        body: {
          model,
          stream: true,
          messages: [{ role: "user", content: "hi" }],
          replay_events: [{ choices: [{ index: 0, delta: { content: "Hello" } }] }],
        },
      });
      expect(res.status).toBe(200);
      await res.text().catch(() => "");
    };
    await stream("cut-model");
    await stream("stall-model");

    const metrics = await flushedMetrics(t, "metrics-streams", { allowed: 2, upstreamErrors: 2 });
    expect(metrics.counters).toEqual({ requests: 2, allowed: 2, denied: 0, upstreamErrors: 2 });
  });
});

describe("metrics of the gateway", () => {
  it("counts an origin's 5xx and a timeout as upstream errors, a 404 not, with latencies", async () => {
    const t = await gatewayTenant(); // upstreamTimeoutMs: 2 000
    const { key, identity } = await consumerKey(t, "basic");

    expect(await expectJson(await gw(t.slug, key, "/ok"), 200)).toMatchObject({ path: "/base/ok" });
    const failed = await gw(t.slug, key, "/status/503");
    expect(failed.status).toBe(503);
    expect(await failed.text()).toBe("status 503");
    const missing = await gw(t.slug, key, "/status/404");
    expect([missing.status, await missing.text()]).toEqual([404, "status 404"]);
    await expectError(await gw(t.slug, key, "/delay/3000"), 504, "origin_timeout");

    // The origin's answers count, 503 included (it still reached the origin); the timeout is refunded.
    const metrics = await flushedMetrics(t, identity, { allowed: 3, upstreamErrors: 2 });
    expect(metrics.counters).toEqual({ requests: 3, allowed: 3, denied: 0, upstreamErrors: 2 });
    const { p50, p90, p99 } = metrics.latencyMs;
    expect(p50).toBeLessThan(2_000);
    expect(p90).toBe(p99);
    expect([2_500, 5_000]).toContain(p99);
  });
});
