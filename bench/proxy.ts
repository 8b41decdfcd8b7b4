// pnpm bench — the proxy's overhead: throughput and latency of the full proxy path (project key,
// identity, one LimiterDO check before forwarding, usage settled after) against a bare
// pass-through worker to the same mock origin, both under local `wrangler dev`, measured in one
// run and printed as a ratio; and against the pass-through plus one Durable Object round trip.
// Each target's worker CPU per request is printed too, and the in-memory trio is measured a second
// time straight at the workers' runtime, past wrangler dev's front process.
import { existsSync, mkdtempSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { demoSeedSql } from "../scripts/lib/demo";
import { writeDevConfigs } from "../scripts/lib/dev-config";
import { repoRoot } from "../scripts/lib/paths";
import { prepareLocalDatabase } from "../scripts/lib/wrangler";
import { type RunningServer, startWrangler } from "./lib";

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
  /** The workers' runtime's CPU time per request (µs), see `RunningServer.workerCpuMicros`. */
  cpuMicros: number;
}

async function load(
  server: RunningServer,
  url: string,
  headers: Record<string, string>,
): Promise<Figures> {
  const cpuBefore = server.workerCpuMicros();
  const result = await autocannonRun(url, headers);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    cpuMicros: (server.workerCpuMicros() - cpuBefore) / result.requests.total,
  };
}

function autocannonRun(url: string, headers: Record<string, string>): Promise<autocannon.Result> {
  let n = 0;
  const body = JSON.stringify({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Hello, bench!" }],
  });
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}/v1/chat/completions`,
        connections,
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
        else resolve(result);
      },
    );
  });
}

/**
 * Latency without queueing: one request at a time over one kept-alive connection, timed in Node to
 * the microsecond (autocannon rounds to whole milliseconds), p50 and p90 of `count` after a warm-up.
 */
async function quietLatency(
  url: string,
  headers: Record<string, string>,
  count = 1000,
): Promise<{ p50: number; p90: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(`${url}/v1/chat/completions`);
  const body = JSON.stringify({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Hello, bench!" }],
  });
  const once = (i: number) =>
    new Promise<number>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          agent,
          headers: {
            ...headers,
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
            "x-identity": `bench-user-${i % identities}`,
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const times: number[] = [];
  for (let i = 0; i < count + 200; i++) {
    const ms = await once(i);
    if (i >= 200) times.push(ms);
  }
  agent.destroy();
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.floor(times.length * q)] as number;
  return { p50: at(0.5), p90: at(0.9) };
}

/** A difference with its sign: `+3`, `-0.13`. */
function signed(value: number, digits: number): string {
  return `${value < 0 ? "-" : "+"}${Math.abs(value).toFixed(digits)}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** A proxy with the bench project seeded, its state under `root`. */
async function startProxy(root: string): Promise<RunningServer> {
  const workDir = mkdtempSync(path.join(root, "floodgate-bench-"));
  const state = path.join(workDir, "state");
  const configs = writeDevConfigs(path.join(workDir, "config"));
  prepareLocalDatabase(configs.proxyConfigPath, state, demoSeedSql() + benchSeedSql);
  return startWrangler(configs.configPaths.slice(0, 2), "/health", state, workDir);
}

/** A bare pass-through (and its DO floor, under `/with-do`), its state under `root`. */
function startPassthrough(root: string): Promise<RunningServer> {
  const workDir = mkdtempSync(path.join(root, "floodgate-bench-"));
  return startWrangler(
    [
      path.join(repoRoot, "bench/workers/passthrough.toml"),
      path.join(repoRoot, "workers/mock-origin/wrangler.toml"),
    ],
    "/v1/models",
    path.join(workDir, "state"),
    workDir,
  );
}

interface Target {
  name: string;
  server: RunningServer;
  url: string;
  headers: Record<string, string>;
  /** The bare pass-through this target is compared with; none for a bare one. */
  reference?: string;
  /** The floor this target is also compared with: the same storage, one DO round trip. */
  floor?: string;
}

const bareName = "bare pass-through";

/**
 * The same three paths sent straight to the workers' runtime, past wrangler dev's front process:
 * the bare pass-through, its one-DO floor and the proxy, on `bare`'s and `proxy`'s servers.
 */
function straightTargets(
  bare: RunningServer,
  proxy: RunningServer,
  storage: string,
  proxyHeaders: Record<string, string>,
): Target[] {
  if (!bare.runtimeUrl || !proxy.runtimeUrl) return [];
  const reference = "bare, straight";
  const floor = `+ DO, ${storage}, straight`;
  return [
    { name: reference, server: bare, url: bare.runtimeUrl, headers: {} },
    { name: floor, server: bare, url: `${bare.runtimeUrl}/with-do`, headers: {}, reference },
    {
      name: `proxy, ${storage}, straight`,
      server: proxy,
      url: proxy.runtimeUrl,
      headers: proxyHeaders,
      reference,
      floor,
    },
  ];
}

// Locally each Durable Object commit is a SQLite transaction with an fsync, made on the one workerd
// thread that also serves every request. The proxy runs twice: with its state on disk (what
// `wrangler dev` does) and with it in memory (tmpfs), which takes the local disk out of the figure.
// Beside the bare pass-through (the target's reference), each storage has a second floor: the
// pass-through plus one call to a DO that increments a stored counter — the round trip and durable
// write that the proxy's one check before forwarding cannot go below.
const memoryRoot = existsSync("/dev/shm") ? "/dev/shm" : null;
const servers: RunningServer[] = [];
try {
  const bare = await startPassthrough(os.tmpdir());
  servers.push(bare);
  const onDisk = await startProxy(os.tmpdir());
  servers.push(onDisk);
  const bareInMemory = memoryRoot ? await startPassthrough(memoryRoot) : null;
  if (bareInMemory) servers.push(bareInMemory);
  const inMemory = memoryRoot ? await startProxy(memoryRoot) : null;
  if (inMemory) servers.push(inMemory);

  const proxyHeaders = { "x-project-key": "pk_bench" };
  const floorOnDisk = "pass-through + DO, disk";
  const floorInMemory = "pass-through + DO, memory";
  const reference = bareName;
  const targets: Target[] = [
    { name: bareName, server: bare, url: bare.url, headers: {} },
    { name: floorOnDisk, server: bare, url: `${bare.url}/with-do`, headers: {}, reference },
    {
      name: "proxy, state on disk",
      server: onDisk,
      url: onDisk.url,
      headers: proxyHeaders,
      reference,
      floor: floorOnDisk,
    },
    ...(bareInMemory && inMemory
      ? [
          {
            name: floorInMemory,
            server: bareInMemory,
            url: `${bareInMemory.url}/with-do`,
            headers: {},
            reference,
          },
          {
            name: "proxy, state in memory",
            server: inMemory,
            url: inMemory.url,
            headers: proxyHeaders,
            reference,
            floor: floorInMemory,
          },
        ]
      : []),
    ...(bareInMemory && inMemory
      ? straightTargets(bareInMemory, inMemory, "memory", proxyHeaders)
      : straightTargets(bare, onDisk, "disk", proxyHeaders)),
  ];
  // Warm-up: isolates, Durable Objects, the config cache.
  for (const t of targets) await load(t.server, t.url, t.headers).catch(() => null);
  const best = new Map<string, Figures>();
  /** Worker CPU per request of every round; the median is reported. */
  const cpu = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    for (const t of targets) {
      const f = await load(t.server, t.url, t.headers);
      if (f.non2xx > 0) throw new Error(`${t.name}: ${f.non2xx} non-2xx responses`);
      const prev = best.get(t.name);
      if (!prev || f.rps > prev.rps) best.set(t.name, f);
      cpu.set(t.name, [...(cpu.get(t.name) ?? []), f.cpuMicros]);
      console.log(
        `  round ${round + 1} ${t.name.padEnd(25)} ${Math.round(f.rps)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, worker CPU ${Math.round(f.cpuMicros)} µs/req`,
      );
    }
  }
  const quiet = new Map<string, { p50: number; p90: number }>();
  for (const t of targets) quiet.set(t.name, await quietLatency(t.url, t.headers));

  const cpuOf = (name: string) => median(cpu.get(name) ?? []);
  const versus = (t: Target, ref: string) => {
    const f = best.get(t.name) as Figures;
    const r = best.get(ref) as Figures;
    const q = quiet.get(t.name) as { p50: number; p90: number };
    const qr = quiet.get(ref) as { p50: number; p90: number };
    return `${(f.rps / r.rps).toFixed(2)}×, p50 ${signed(f.p50 - r.p50, 0)} ms, unloaded ${signed(q.p50 - qr.p50, 2)} ms, worker CPU ×${(cpuOf(t.name) / cpuOf(ref)).toFixed(2)}`;
  };
  const lines = targets.map((t) => {
    const f = best.get(t.name) as Figures;
    const q = quiet.get(t.name) as { p50: number; p90: number };
    const vs = t.reference
      ? `\n      → vs ${t.reference}: ${versus(t, t.reference)}${t.floor ? `; vs ${t.floor}: ${versus(t, t.floor)}` : ""}`
      : "";
    return `  ${t.name.padEnd(25)}: ${Math.round(f.rps)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms; unloaded p50 ${q.p50.toFixed(2)} ms, p90 ${q.p90.toFixed(2)} ms; worker CPU ${Math.round(cpuOf(t.name))} µs/req${vs}`;
  });
  console.log(`
pnpm bench: ${connections} connections, ${seconds} s per run, best of ${rounds}, ${identities} identities;
unloaded = one request at a time, p50/p90 of 1000; worker CPU = the workers' runtime (workers, DOs and
mock origin; not wrangler dev's front process) per request under load, median of the rounds;
"straight" = sent to the workers' runtime itself, past wrangler dev's front process
${lines.join("\n")}${memoryRoot ? "" : "\n  (no /dev/shm here: the in-memory runs were skipped)"}`);
} finally {
  await Promise.all(servers.map((server) => server.stop()));
}
