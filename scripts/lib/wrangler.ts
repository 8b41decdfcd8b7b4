import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot, wranglerBin } from "./paths";

/** The dev `request.cf`; wrangler ignores a file older than 30 days, so it is touched first. */
function devCfFile(): string {
  const file = path.join(repoRoot, "workers", "geo-router", "dev", "cf.json");
  const now = new Date();
  utimesSync(file, now, now);
  return file;
}

/** Environment for every wrangler we start: offline-friendly, no telemetry, no cf fetch. */
export function wranglerEnv(logLevel = process.env.WRANGLER_LOG ?? "warn"): NodeJS.ProcessEnv {
  // Under vitest, wrangler would believe it is being unit-tested itself and stay silent.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(VITEST.*|TEST|NODE_ENV)$/.test(name)),
  );
  return {
    ...inherited,
    // request.cf comes from a committed file (a caller in Frankfurt) instead of the network.
    CLOUDFLARE_CF_FETCH_PATH: devCfFile(),
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_LOG: logLevel,
    NO_COLOR: "1",
  };
}

export function runWrangler(args: string[]): void {
  const result = spawnSync(wranglerBin, args, {
    cwd: repoRoot,
    env: wranglerEnv(),
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(
      `wrangler ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}

/** Applies the D1 migrations to local state, then runs a SQL file against it. */
export function prepareLocalDatabase(configPath: string, persistTo: string, seedSql: string): void {
  const local = ["DB", "--local", "--persist-to", persistTo, "-c", configPath];
  runWrangler(["d1", "migrations", "apply", ...local]);
  const seedFile = path.join(os.tmpdir(), `floodgate-seed-${process.pid}.sql`);
  writeFileSync(seedFile, seedSql);
  try {
    runWrangler(["d1", "execute", ...local, "--file", seedFile]);
  } finally {
    rmSync(seedFile, { force: true });
  }
}

export interface DevServerOptions {
  configPaths: string[];
  port: number;
  persistTo: string;
  /** Inherit stdio (interactive `pnpm dev`) or capture the output (tests). */
  stdio: "inherit" | "pipe";
  /** wrangler's log level; `info` shows every request and everything the worker logs. */
  logLevel?: "warn" | "info" | "log" | "debug";
  /** Extra environment for wrangler itself (not the worker's vars). */
  env?: NodeJS.ProcessEnv;
}

export function startDevServer(opts: DevServerOptions): ChildProcess {
  const args = ["dev", ...opts.configPaths.flatMap((c) => ["-c", c])];
  args.push("--port", String(opts.port), "--ip", "127.0.0.1", "--persist-to", opts.persistTo);
  args.push("--show-interactive-dev-session=false", "--inspector-port", "0");
  return spawn(wranglerBin, args, {
    cwd: repoRoot,
    env: { ...wranglerEnv(opts.logLevel), ...opts.env },
    stdio: opts.stdio,
    detached: opts.stdio === "pipe",
  });
}

/** Polls `url` until it answers 200, or fails after `timeoutMs`. */
export async function waitForHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become healthy in ${timeoutMs} ms: ${last}`);
}
