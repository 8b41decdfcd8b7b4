// Throughput of the pure limit math (packages/ratelimit), in plain Node, no I/O.
//
// One decision = checkAndReserve for a fresh reservation, then settle of that reservation with an
// actual usage that differs from the estimate — the two calls a proxied request makes. Limits
// are high enough that every request is admitted (the denial path does strictly less work), and
// the clock advances 1 ms per decision, so rolling buckets slide and drop all along.
//
// Imported by relative path: the root package does not link @floodgate/ratelimit.
import { pathToFileURL } from "node:url";
import {
  type Cost,
  checkAndReserve,
  createState,
  type Rule,
  settle,
} from "../packages/ratelimit/src/index";

const RULE_POOL: Rule[] = [
  {
    id: "rpm",
    metric: "requests",
    window: { kind: "rolling", durationMs: 60_000 },
    limit: 1e12,
    scope: {},
  },
  {
    id: "tokens-day",
    metric: "tokens",
    window: { kind: "calendar", unit: "day", timeZone: "Europe/Berlin" },
    limit: 1e12,
    scope: { tier: "pro" },
  },
  {
    id: "budget-month",
    metric: "cost_micro_usd",
    window: { kind: "calendar", unit: "month" },
    limit: 1e12,
    scope: {},
  },
  {
    id: "rps",
    metric: "requests",
    window: { kind: "rolling", durationMs: 1_000 },
    limit: 1e12,
    scope: {},
  },
  {
    id: "gpt4-day",
    metric: "requests",
    window: { kind: "calendar", unit: "day" },
    limit: 1e12,
    scope: { model: "gpt-4*" },
  },
  {
    id: "tpm",
    metric: "tokens",
    window: { kind: "rolling", durationMs: 60_000 },
    limit: 1e12,
    scope: {},
  },
  {
    id: "input-hour",
    metric: "input_tokens",
    window: { kind: "calendar", unit: "hour", timeZone: "Asia/Kolkata" },
    limit: 1e12,
    scope: {},
  },
  {
    id: "output-week",
    metric: "output_tokens",
    window: { kind: "calendar", unit: "week" },
    limit: 1e12,
    scope: {},
  },
  {
    id: "requests-30d",
    metric: "requests",
    window: { kind: "rolling", durationMs: 30 * 86_400_000 },
    limit: 1e12,
    scope: { tier: "pro", model: "gpt-4*" },
  },
  {
    id: "tokens-hour",
    metric: "tokens",
    window: { kind: "rolling", durationMs: 3_600_000 },
    limit: 1e12,
    scope: { identity: true },
  },
];

const ESTIMATE: Cost = { requests: 1, inputTokens: 500, outputTokens: 1000, costMicroUsd: 3000 };
const ACTUAL: Cost = { requests: 1, inputTokens: 500, outputTokens: 420, costMicroUsd: 1700 };
const START_MS = Date.UTC(2026, 10, 24, 12);

function run(rules: readonly Rule[], durationMs: number): number {
  const state = createState();
  const request = { reservationId: "", tier: "pro", model: "gpt-4o", cost: ESTIMATE };
  let decisions = 0;
  let allowed = 0;
  const began = performance.now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (let i = 0; i < 10_000; i++) {
      const nowMs = START_MS + decisions;
      request.reservationId = `r${decisions}`;
      if (checkAndReserve(state, rules, request, nowMs).decision.allowed) allowed++;
      settle(state, request.reservationId, ACTUAL, nowMs);
      decisions++;
    }
    elapsed = performance.now() - began;
  }
  if (allowed !== decisions) throw new Error("bench limits are meant to admit everything");
  return (decisions / elapsed) * 1000;
}

/** Decisions per second (checkAndReserve + settle) for 1, 3 and 10 rules per decision. */
export async function benchPureEvaluator(): Promise<{ rules: number; decisionsPerSec: number }[]> {
  const results: { rules: number; decisionsPerSec: number }[] = [];
  for (const count of [1, 3, 10]) {
    const rules = RULE_POOL.slice(0, count);
    run(rules, 300); // warm-up: JIT, caches
    results.push({ rules: count, decisionsPerSec: Math.round(run(rules, 1_000)) });
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await benchPureEvaluator();
  console.log("rules per decision | decisions/s (checkAndReserve + settle)");
  console.log("------------------ | ---------------------------------------");
  for (const { rules, decisionsPerSec } of results) {
    console.log(`${String(rules).padStart(18)} | ${decisionsPerSec.toLocaleString("en-US")}`);
  }
}
