// pnpm bench:limiter — decisions/s of the limiter:
//  1. the pure evaluator (packages/ratelimit) in Node, for 1, 3 and 10 rules per decision;
//  2. `check` through the LimiterDO from a worker under a local `wrangler dev` (3 rules), for one
//     hot identity and for 1000 identities, against the floor: a DO that only increments a
//     counter, measured in the same run; beside them, for check alone, a DO that takes check's
//     input and answers a decision-shaped value but only increments a counter (what moving a
//     check's data costs on its own), and a counter that groups its commits as the LimiterDO
//     does (what grouping alone buys, so the LimiterDO can be compared with it too).
import path from "node:path";
import { repoRoot } from "../scripts/lib/paths";
import { formatRate, startWrangler } from "./lib";
import { benchPureEvaluator } from "./limiter-pure";

interface DoRun {
  perSecond: number;
  allowed: number;
  calls: number;
}

const pure = await benchPureEvaluator();
console.log("\nPure evaluator (Node, checkAndReserve + settle per decision)");
for (const row of pure)
  console.log(
    `  ${String(row.rules).padStart(2)} rules: ${formatRate(row.decisionsPerSec)} decisions/s`,
  );

const server = await startWrangler(
  [path.join(repoRoot, "bench/workers/limiter-bench.toml")],
  "/?calls=1&target=counter",
);
try {
  let runs = 0;
  const run = async (
    target: string,
    identities: number,
    calls: number,
    pair: boolean,
  ): Promise<DoRun> => {
    runs += 1;
    const query = `target=${target}&identities=${identities}&calls=${calls}&concurrency=32&pair=${pair ? 1 : 0}&run=${runs}`;
    const res = await fetch(`${server.url}/?${query}`);
    return (await res.json()) as DoRun;
  };
  // Warm both paths (isolates, objects, storage) before measuring.
  await run("limiter", 1000, 2000, false);
  await run("counter", 1000, 2000, false);
  await run("echo", 1000, 2000, false);
  await run("grouped", 1000, 2000, false);
  console.log(
    "\nThrough a Durable Object from a worker (wrangler dev, 32 in flight, 3 rules, best of 3)",
  );
  for (const pair of [false, true]) {
    console.log(
      pair
        ? "  check + settle per decision (a proxied request) vs two increments:"
        : "  check per decision vs one increment (the floor):",
    );
    for (const identities of [1, 1000]) {
      const best = { limiter: 0, counter: 0, echo: 0, grouped: 0 };
      const targets = pair
        ? (["limiter", "counter"] as const)
        : (["limiter", "counter", "echo", "grouped"] as const);
      // Alternate, so all see the same machine conditions.
      for (let round = 0; round < 3; round++) {
        for (const target of targets) {
          const r = await run(target, identities, 3000, pair);
          if (target === "limiter" && r.allowed !== r.calls)
            throw new Error(`limiter denied ${r.calls - r.allowed} calls`);
          best[target] = Math.max(best[target], r.perSecond);
        }
      }
      const label = identities === 1 ? "one hot identity" : "1000 identities ";
      const echo = pair
        ? ""
        : `; check's data alone ${formatRate(best.echo)}/s (${(best.echo / best.counter).toFixed(2)}×)` +
          `; grouped counter ${formatRate(best.grouped)}/s (LimiterDO at ${(best.limiter / best.grouped).toFixed(2)}× of it)`;
      console.log(
        `    ${label}: LimiterDO ${formatRate(best.limiter)} decisions/s, floor ${formatRate(best.counter)}/s, ratio ${(best.limiter / best.counter).toFixed(2)}×${echo}`,
      );
    }
  }
} finally {
  await server.stop();
}
