import type { ChildProcess } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { exportJWK, generateKeyPair } from "jose";
import type { TestProject } from "vitest/node";
import { demoSeedSql } from "../scripts/lib/demo";
import { writeDevConfigs } from "../scripts/lib/dev-config";
import { repoRoot } from "../scripts/lib/paths";
import { prepareLocalDatabase, startDevServer, waitForHealthy } from "../scripts/lib/wrangler";
import { fixturesSeedSql } from "./fixtures";

declare module "vitest" {
  export interface ProvidedContext {
    /** The proxy (with the demo project's mock origin behind a service binding). */
    baseUrl: string;
    /** The standalone mock origin the fixture projects forward to; its /__mock/stats counts calls. */
    mockUrl: string;
    /** Private JWK (RS256) whose public half the JWKS server publishes. */
    jwksPrivateKey: string;
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

function stop(server: ChildProcess): void {
  if (!server.pid) return;
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    server.kill("SIGTERM");
  }
}

/**
 * Starts real `wrangler dev` processes for the end-to-end tests — the proxy (fresh local D1 and
 * Durable Object state, demo project and fixtures seeded) and a standalone mock origin — plus a
 * JWKS server for signed identity tokens, and stops them after. Everything the workers log goes
 * to a file the privacy test scans.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), "floodgate-e2e-"));
  const stateDir = path.join(workDir, "state");
  const logFile = path.join(workDir, "wrangler.log");
  writeFileSync(logFile, "");
  const [proxyPort, mockPort, jwksPort] = [await freePort(), await freePort(), await freePort()];
  const mockUrl = `http://127.0.0.1:${mockPort}`;
  const baseUrl = `http://127.0.0.1:${proxyPort}`;

  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: "e2e-key", alg: "RS256", use: "sig" };
  const jwks = createHttpServer((req, res) => {
    res.writeHead(req.url === "/jwks.json" ? 200 : 404, { "content-type": "application/json" });
    res.end(req.url === "/jwks.json" ? JSON.stringify({ keys: [publicJwk] }) : "{}");
  });
  await new Promise<void>((resolve) => jwks.listen(jwksPort, "127.0.0.1", resolve));

  const configs = writeDevConfigs(path.join(workDir, "config"), { ROLLUP_FLUSH_DELAY_MS: "500" });
  prepareLocalDatabase(
    configs.proxyConfigPath,
    stateDir,
    demoSeedSql() + fixturesSeedSql({ mockUrl, jwksUrl: `http://127.0.0.1:${jwksPort}/jwks.json` }),
  );

  const servers: ChildProcess[] = [
    startDevServer({
      configPaths: [path.join(repoRoot, "workers/mock-origin/wrangler.toml")],
      port: mockPort,
      persistTo: path.join(workDir, "mock-state"),
      stdio: "pipe",
    }),
    startDevServer({
      configPaths: configs.configPaths,
      port: proxyPort,
      persistTo: stateDir,
      stdio: "pipe",
      logLevel: "info",
    }),
  ];
  for (const server of servers) {
    server.stdout?.on("data", (chunk: Buffer) => appendFileSync(logFile, chunk));
    server.stderr?.on("data", (chunk: Buffer) => appendFileSync(logFile, chunk));
  }
  try {
    await Promise.all([
      waitForHealthy(`${mockUrl}/health`, 90_000),
      waitForHealthy(`${baseUrl}/health`, 90_000),
    ]);
  } catch (err) {
    servers.forEach(stop);
    jwks.close();
    throw err;
  }
  project.provide("baseUrl", baseUrl);
  project.provide("mockUrl", mockUrl);
  project.provide("jwksPrivateKey", JSON.stringify(await exportJWK(privateKey)));
  project.provide("logFile", logFile);
  project.provide("stateDir", stateDir);

  return async () => {
    servers.forEach(stop);
    jwks.close();
    await new Promise((r) => setTimeout(r, 500));
    if (!process.env.KEEP_E2E_STATE) rmSync(workDir, { recursive: true, force: true });
  };
}
