import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { startDevServer, waitForHealthy } from "../scripts/lib/wrangler";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  /**
   * CPU time (µs, user + system) the workers' runtime has used so far: the workerd process that
   * runs the configured workers, their Durable Objects and the mock origin. wrangler dev's own
   * front process, which every request also passes (it serves the dev URL and reloads), is left
   * out: deployed workers have none.
   */
  workerCpuMicros(): number;
  /**
   * The workers' runtime's own entry (a port of its choosing), which wrangler's front process
   * forwards the dev URL's requests to; null if it was not found. Load sent here measures the
   * workers without the front process.
   */
  runtimeUrl: string | null;
  /** Stops wrangler dev and, once it has exited, removes the state directory the bench made. */
  stop(): Promise<void>;
}

const clockTicksPerSecond = 100;

/** The parent of every process, from /proc. */
function parents(): Map<number, number> {
  const table = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      table.set(Number(entry), Number(statFields(Number(entry))[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  return table;
}

/** The workerd process under `rootPid` that runs the workers (not wrangler's front process). */
function findWorkerRuntime(rootPid: number): number | null {
  const table = parents();
  const below = (pid: number): boolean => {
    for (let p = table.get(pid); p !== undefined && p > 1; p = table.get(p)) {
      if (p === rootPid) return true;
    }
    return false;
  };
  for (const pid of table.keys()) {
    if (!below(pid)) continue;
    let args = "";
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue;
    }
    // The runtime's entry socket is on a port of its own choosing; the front one on the dev port.
    if (args.includes("workerd") && args.includes("entry=127.0.0.1:0")) return pid;
  }
  return null;
}

/** The TCP ports process `pid` listens on, from /proc (sockets it holds in the LISTEN state). */
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    } catch {
      // Closed meanwhile.
    }
  }
  const ports: number[] = [];
  for (const line of readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    // sl local_address rem_address st … inode: `0100007F:9C40 00000000:0000 0A … 12345`.
    const fields = line.trim().split(/\s+/);
    const [, local, , state] = fields;
    if (state === "0A" && local && inodes.has(fields[9] ?? "")) {
      ports.push(Number.parseInt(local.split(":")[1] ?? "0", 16));
    }
  }
  return ports;
}

/** The runtime's port that answers `healthPath` with 200: its entry (the others are its own). */
async function findRuntimeUrl(pid: number | null, healthPath: string): Promise<string | null> {
  if (pid === null) return null;
  for (const port of listeningPorts(pid)) {
    const url = `http://127.0.0.1:${port}`;
    try {
      const res = await fetch(`${url}${healthPath}`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) return url;
    } catch {
      // Not an HTTP entry.
    }
  }
  return null;
}

/** /proc/<pid>/stat after the command name (which may hold spaces): state, ppid, … */
function statFields(pid: number): string[] {
  return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
}

function cpuMicrosOf(pid: number | null): number {
  if (pid === null) return Number.NaN;
  try {
    const fields = statFields(pid);
    // utime and stime, in clock ticks.
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / clockTicksPerSecond;
  } catch {
    return Number.NaN;
  }
}

/**
 * wrangler dev's local observability collector (a development log explorer; deployed workers have
 * none) is sent an event stream for every invocation, DO call and subrequest: in a profile of the
 * proxy under load it took ~20 % of the worker process's CPU. Benchmarks run without it.
 */
const benchEnv = { X_LOCAL_OBSERVABILITY: "false" };

/**
 * Starts `wrangler dev` on a free port with fresh state and waits until `healthPath` answers.
 * Without `persistTo` the state goes in a temporary directory of its own; that directory, or
 * `removeOnStop`, is removed when the server stops.
 */
export async function startWrangler(
  configPaths: string[],
  healthPath = "/",
  persistTo?: string,
  removeOnStop?: string,
): Promise<RunningServer> {
  const port = await freePort();
  const ownDir = persistTo ? undefined : mkdtempSync(path.join(os.tmpdir(), "floodgate-bench-"));
  const state = persistTo ?? path.join(ownDir as string, "state");
  const dirToRemove = ownDir ?? removeOnStop;
  const child: ChildProcess = startDevServer({
    configPaths,
    port,
    persistTo: state,
    stdio: "pipe",
    env: benchEnv,
  });
  // Drain its output, or a full pipe would stall it.
  child.stdout?.resume();
  child.stderr?.resume();
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(`${url}${healthPath}`, 90_000);
  const runtime = child.pid ? findWorkerRuntime(child.pid) : null;
  const runtimeUrl = await findRuntimeUrl(runtime, healthPath);
  return {
    url,
    workerCpuMicros: () => cpuMicrosOf(runtime),
    runtimeUrl,
    async stop() {
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once("exit", () => resolve());
      });
      if (child.pid) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          child.kill("SIGTERM");
        }
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (dirToRemove) rmSync(dirToRemove, { recursive: true, force: true });
    },
  };
}

export function formatRate(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
