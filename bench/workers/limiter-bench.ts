// A benchmark-only worker: drives the real LimiterDO's `check`, and a floor DO that only
// increments a counter in the same SQLite KV storage, from inside workerd, so the figures measure
// the Durable Object path and not HTTP.
import { DurableObject } from "cloudflare:workers";
import { GroupCommit } from "../../workers/proxy/src/limiter/group-commit";
import { limiterFor } from "../../workers/proxy/src/limiter/limiter-client";
import { LimiterDO } from "../../workers/proxy/src/limiter/limiter-do";
import { type CheckInput, rulesText } from "../../workers/proxy/src/limiter/limiter-rpc";
import { CounterDO } from "./counter-do";

export { CounterDO, LimiterDO };

/**
 * The floor with its writes grouped as the LimiterDO groups its own (`GroupCommit`): calls that
 * arrive while a write commits are written together right after it. What grouping alone buys.
 */
export class GroupedCounterDO extends DurableObject {
  private n = this.ctx.storage.kv.get<number>("n") ?? 0;
  private readonly commits = new GroupCommit(this.ctx.storage, () =>
    this.ctx.storage.kv.put("n", this.n),
  );

  async increment(): Promise<number> {
    this.n += 1;
    const n = this.n;
    await this.commits.persist();
    return n;
  }
}

/**
 * The floor plus the arguments: takes what `check` takes and answers a decision of the shape
 * `check` answers, but only increments a counter. What moving a check's data costs, on its own.
 */
export class EchoDO extends DurableObject {
  private n = this.ctx.storage.kv.get<number>("n") ?? 0;

  check(input: CheckInput) {
    this.n += 1;
    this.ctx.storage.kv.put("n", this.n);
    const usage = (id: string, metric: string) => ({
      id,
      metric,
      window: { kind: "rolling", durationMs: 60_000 },
      limit: 1e12,
      used: this.n,
      remaining: 1e12 - this.n,
      requested: 1,
      resetAt: Date.now() + 60_000,
    });
    return {
      ok: true,
      tier: input.tier.fallback,
      decision: {
        allowed: true,
        reason: null,
        promo: false,
        rules: [
          usage("rpm", "requests"),
          usage("tpd", "tokens"),
          usage("budget", "cost_micro_usd"),
        ],
        blockedBy: null,
        retryAfterMs: 0,
        reservation: {
          id: input.reservationId,
          atMs: Date.now(),
          gifted: { requests: 0, tokens: 0 },
        },
      },
    };
  }
}

interface BenchEnv {
  LIMITER: DurableObjectNamespace<LimiterDO>;
  COUNTER: DurableObjectNamespace<CounterDO>;
  ECHO: DurableObjectNamespace<EchoDO>;
  GROUPED: DurableObjectNamespace<GroupedCounterDO>;
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

// As the proxy's config cache holds them: the rule list's text, made once.
const projectRules = rulesText(rules as never);
const tier = { claimed: null, client: null, fallback: null, projectTiers: [] };
const cost = { requests: 1, inputTokens: 100, outputTokens: 200, costMicroUsd: 50 };

export default {
  async fetch(request: Request, env: BenchEnv): Promise<Response> {
    const url = new URL(request.url);
    const target = url.searchParams.get("target") ?? "limiter";
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
        if (target === "echo") {
          const owner = { projectId: "prj_bench", identity };
          const echo = env.ECHO.getByName(identity);
          const checkOf = { ...owner, reservationId: `r${run}-${i}`, model: "gpt-4o-mini", tier };
          await echo.check({ ...checkOf, rules: projectRules, cost });
          allowed += 1;
        } else if (target === "grouped") {
          await env.GROUPED.getByName(identity).increment();
          allowed += 1;
        } else if (target === "counter") {
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
            rules: projectRules,
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
