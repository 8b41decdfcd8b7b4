import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
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
  stop(): void;
}

/**
 * wrangler dev's local observability collector (a development log explorer; deployed workers have
 * none) is sent an event stream for every invocation, DO call and subrequest: in a profile of the
 * proxy under load it took ~20 % of the worker process's CPU. Benchmarks run without it.
 */
const benchEnv = { X_LOCAL_OBSERVABILITY: "false" };

/** Starts `wrangler dev` on a free port with fresh state and waits until `healthPath` answers. */
export async function startWrangler(
  configPaths: string[],
  healthPath = "/",
  persistTo?: string,
): Promise<RunningServer> {
  const port = await freePort();
  const state =
    persistTo ?? path.join(mkdtempSync(path.join(os.tmpdir(), "floodgate-bench-")), "state");
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
  return {
    url,
    stop() {
      if (child.pid) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          child.kill("SIGTERM");
        }
      }
    },
  };
}

export function formatRate(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
