// A benchmark-only worker: drives the real LimiterDO's `check`, and a floor DO that only
// increments a counter in the same SQLite KV storage, from inside workerd, so the figures measure
// the Durable Object path and not HTTP.
import { DurableObject } from "cloudflare:workers";
import { limiterFor } from "../../workers/proxy/src/limiter/limiter-client";
import { LimiterDO } from "../../workers/proxy/src/limiter/limiter-do";

export { LimiterDO };

/** The floor: one RPC, one KV read-modify-write. */
export class CounterDO extends DurableObject {
  private n = this.ctx.storage.kv.get<number>("n") ?? 0;

  increment(): number {
    this.n += 1;
    this.ctx.storage.kv.put("n", this.n);
    return this.n;
  }
}

interface BenchEnv {
  LIMITER: DurableObjectNamespace<LimiterDO>;
  COUNTER: DurableObjectNamespace<CounterDO>;
}

const rules = [
  {
    id: "rpm",
    metric: "requests",
    window: { kind: "rolling", durationMs: 60_000 },
    limit: 1e12,
    scope: {},
  },
  {
    id: "tpd",
    metric: "tokens",
    window: { kind: "calendar", unit: "day" },
    limit: 1e12,
    scope: {},
  },
  {
    id: "budget",
    metric: "cost_micro_usd",
    window: { kind: "calendar", unit: "month" },
    limit: 1e12,
    scope: {},
  },
] as const;

const tier = { claimed: null, client: null, fallback: null };
const cost = { requests: 1, inputTokens: 100, outputTokens: 200, costMicroUsd: 50 };

export default {
  async fetch(request: Request, env: BenchEnv): Promise<Response> {
    const url = new URL(request.url);
    const target = url.searchParams.get("target") === "counter" ? "counter" : "limiter";
    // pair=1: what a proxied request costs, check then settle (the floor: two increments).
    const pair = url.searchParams.get("pair") === "1";
    const identities = Number(url.searchParams.get("identities") ?? "1");
    const calls = Number(url.searchParams.get("calls") ?? "2000");
    const concurrency = Number(url.searchParams.get("concurrency") ?? "32");
    const run = url.searchParams.get("run") ?? crypto.randomUUID().slice(0, 8);
    let next = 0;
    let allowed = 0;
    const worker = async () => {
      while (next < calls) {
        const i = next++;
        const identity = `bench-${run}-${i % identities}`;
        if (target === "counter") {
          const counter = env.COUNTER.getByName(identity);
          await counter.increment();
          if (pair) await counter.increment();
          allowed += 1;
        } else {
          const limiter = limiterFor(env.LIMITER, "prj_bench", identity);
          const owner = { projectId: "prj_bench", identity };
          const result = await limiter.check({
            ...owner,
            reservationId: `r${run}-${i}`,
            model: "gpt-4o-mini",
            tier,
            rules: rules as never,
            cost,
          });
          if (result.ok && result.decision.allowed) allowed += 1;
          if (pair)
            await limiter.settle({
              ...owner,
              reservationId: `r${run}-${i}`,
              model: "gpt-4o-mini",
              cost,
            });
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const elapsedMs = Date.now() - started;
    return Response.json({
      target,
      identities,
      calls,
      concurrency,
      allowed,
      elapsedMs,
      perSecond: (calls / elapsedMs) * 1000,
    });
  },
};
