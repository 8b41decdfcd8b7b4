import type { ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { demoSeedSql } from "../scripts/lib/demo";
import { writeDevConfigs } from "../scripts/lib/dev-config";
import { prepareLocalDatabase, startDevServer, waitForHealthy } from "../scripts/lib/wrangler";
import { fixturesSeedSql } from "./fixtures";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    logFile: string;
    stateDir: string;
  }
}

function freePort(): Promise<number> {
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

/**
 * Starts one real `wrangler dev` (proxy + mock origin, fresh local D1 and Durable Object state,
 * the demo project and the test fixtures seeded) for the end-to-end tests, and stops it after.
 * Everything the worker logs goes to a file the privacy test scans.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), "floodgate-e2e-"));
  const stateDir = path.join(workDir, "state");
  const logFile = path.join(workDir, "wrangler.log");
  const configs = writeDevConfigs(path.join(workDir, "config"));
  prepareLocalDatabase(configs.proxyConfigPath, stateDir, demoSeedSql() + fixturesSeedSql());

  const port = await freePort();
  const server: ChildProcess = startDevServer({
    configPaths: configs.configPaths,
    port,
    persistTo: stateDir,
    stdio: "pipe",
  });
  const log = createWriteStream(logFile);
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealthy(`${baseUrl}/health`, 90_000);
  } catch (err) {
    server.kill("SIGTERM");
    throw err;
  }
  project.provide("baseUrl", baseUrl);
  project.provide("logFile", logFile);
  project.provide("stateDir", stateDir);

  return async () => {
    if (server.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        server.kill("SIGTERM");
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    log.end();
    if (!process.env.KEEP_E2E_STATE) rmSync(workDir, { recursive: true, force: true });
  };
}
