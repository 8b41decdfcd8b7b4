// pnpm bench — the proxy's overhead: throughput and latency of the full proxy path (project key,
// identity, one LimiterDO check before forwarding, usage settled after) against a bare
// pass-through worker to the same mock origin, both under local `wrangler dev`, measured in one
// run and printed as a ratio.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { demoSeedSql } from "../scripts/lib/demo";
import { writeDevConfigs } from "../scripts/lib/dev-config";
import { repoRoot } from "../scripts/lib/paths";
import { prepareLocalDatabase } from "../scripts/lib/wrangler";
import { startWrangler } from "./lib";

const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const identities = 100;

const benchSeedSql = `
INSERT INTO projects (id, owner_id, slug, name, settings) VALUES ('prj_bench', 'usr_demo', 'bench', 'Bench',
  '{"routes":[{"models":["*"],"provider":"custom","baseUrl":"binding://MOCK_ORIGIN/v1"}],"defaultTier":"free"}');
INSERT INTO project_keys (id, project_id, kind, key_hash, prefix, last4) VALUES ('key_bench', 'prj_bench', 'publishable',
  '${await sha256("pk_bench")}', 'pk_bench', 'test');
INSERT INTO tiers (id, project_id, name, is_default) VALUES ('tier_bench', 'prj_bench', 'free', 1);
INSERT INTO limit_rules (id, project_id, tier_id, metric, window_kind, window_ms, limit_value) VALUES ('rb1', 'prj_bench', 'tier_bench', 'requests', 'rolling', 60000, 1000000000);
INSERT INTO limit_rules (id, project_id, tier_id, metric, window_kind, calendar_unit, limit_value) VALUES ('rb2', 'prj_bench', 'tier_bench', 'tokens', 'calendar', 'day', 1000000000000);
INSERT INTO limit_rules (id, project_id, tier_id, metric, window_kind, calendar_unit, limit_value) VALUES ('rb3', 'prj_bench', 'tier_bench', 'cost_micro_usd', 'calendar', 'month', 1000000000000);
`;

async function sha256(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return Buffer.from(digest).toString("hex");
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

function load(url: string, headers: Record<string, string>, conns = connections): Promise<Figures> {
  let n = 0;
  const body = JSON.stringify({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Hello, bench!" }],
  });
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}/v1/chat/completions`,
        connections: conns,
        duration: seconds,
        requests: [
          {
            method: "POST",
            setupRequest: (req) => {
              n += 1;
              return {
                ...req,
                body,
                headers: {
                  ...headers,
                  "content-type": "application/json",
                  "x-identity": `bench-user-${n % identities}`,
                },
              };
            },
          },
        ],
      },
      (err, result) => {
        if (err) reject(err);
        else
          resolve({
            rps: result.requests.average,
            p50: result.latency.p50,
            p99: result.latency.p99,
            non2xx: result.non2xx,
          });
      },
    );
  });
}

const workDir = mkdtempSync(path.join(os.tmpdir(), "floodgate-bench-"));
const state = path.join(workDir, "state");
const configs = writeDevConfigs(path.join(workDir, "config"));
prepareLocalDatabase(configs.proxyConfigPath, state, demoSeedSql() + benchSeedSql);
const proxy = await startWrangler(configs.configPaths.slice(0, 2), "/health", state);
const bare = await startWrangler(
  [
    path.join(repoRoot, "bench/workers/passthrough.toml"),
    path.join(repoRoot, "workers/mock-origin/wrangler.toml"),
  ],
  "/v1/models",
);
try {
  const targets = {
    proxy: () => load(proxy.url, { "x-project-key": "pk_bench" }),
    bare: () => load(bare.url, {}),
  };
  // Warm-up: isolates, Durable Objects, the config cache.
  await Promise.all([load(proxy.url, { "x-project-key": "pk_bench" }).catch(() => null)]);
  const best: Record<keyof typeof targets, Figures | null> = { proxy: null, bare: null };
  for (let round = 0; round < rounds; round++) {
    for (const name of ["bare", "proxy"] as const) {
      const f = await targets[name]();
      if (f.non2xx > 0) throw new Error(`${name}: ${f.non2xx} non-2xx responses`);
      const prev = best[name];
      if (!prev || f.rps > prev.rps) best[name] = f;
      console.log(
        `  round ${round + 1} ${name.padEnd(5)} ${Math.round(f.rps)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms`,
      );
    }
  }
  const p = best.proxy as Figures;
  const b = best.bare as Figures;
  // Latency without queueing: one request at a time.
  const quiet = {
    bare: await load(bare.url, {}, 1),
    proxy: await load(proxy.url, { "x-project-key": "pk_bench" }, 1),
  };
  console.log(`
pnpm bench: ${connections} connections, ${seconds} s per run, best of ${rounds}, ${identities} identities
  bare pass-through : ${Math.round(b.rps)} req/s, p50 ${b.p50} ms, p99 ${b.p99} ms
  proxy with limits : ${Math.round(p.rps)} req/s, p50 ${p.p50} ms, p99 ${p.p99} ms
  throughput ratio  : ${(p.rps / b.rps).toFixed(2)}×   added p50: ${(p.p50 - b.p50).toFixed(1)} ms
one connection (no queueing): bare p50 ${quiet.bare.p50} ms, proxy p50 ${quiet.proxy.p50} ms, added ${(quiet.proxy.p50 - quiet.bare.p50).toFixed(1)} ms`);
} finally {
  proxy.stop();
  bare.stop();
}
