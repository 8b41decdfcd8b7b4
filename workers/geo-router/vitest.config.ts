import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { bundleWorker } from "../../scripts/lib/bundle-worker";
import { routingConfig } from "./test/fixtures/routing-config.ts";

const root = path.resolve(import.meta.dirname, "../..");
const compatibilityDate = "2026-10-01";

/**
 * An origin reached over the network rather than a service binding: a plain HTTP server on a
 * free loopback port that echoes the request it got (as JSON), and answers `/health` with 200.
 * It does not keep the test process alive.
 */
async function startNetworkOrigin(): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://network-origin");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          tenant: "network",
          method: req.method,
          path: url.pathname,
          query: url.search,
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

// Tests that drive the router inside workerd: real D1 (migrations applied in the setup file),
// real HealthDOs, and origins that are real workers reached through service bindings.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(root, "migrations"));
  const networkOrigin = await startNetworkOrigin();
  // Auxiliary workers must be plain bundled JS: mock-origin runs three times as three "regions".
  const mockOrigin = bundleWorker("workers/mock-origin/wrangler.toml", import.meta.dirname);
  const mockWorker = (name: string) => ({
    name,
    modules: true,
    scriptPath: mockOrigin,
    compatibilityDate,
  });
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: path.join(import.meta.dirname, "wrangler.toml") },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            CONFIG_SOURCE: "static",
            ROUTER_CONFIG: JSON.stringify(routingConfig),
            // Tests change health and expect the next request to see it.
            HEALTH_CACHE_TTL_MS: "0",
            STATS_FLUSH_MS: "0",
            ORIGIN_TIMEOUT_MS: "5000",
            // Base URL of the echoing network origin above.
            NETWORK_ORIGIN: networkOrigin,
          },
          serviceBindings: {
            MOCK_EU: "mock-eu",
            MOCK_US: "mock-us",
            MOCK_AP: "mock-ap",
            CTL: "control-origin",
          },
          workers: [
            mockWorker("mock-eu"),
            mockWorker("mock-us"),
            mockWorker("mock-ap"),
            {
              name: "control-origin",
              modules: true,
              script: readFileSync(
                path.join(import.meta.dirname, "test/fixtures/control-origin.js"),
                "utf8",
              ),
              compatibilityDate,
            },
          ],
        },
      }),
    ],
    test: {
      name: "geo-router",
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      setupFiles: ["./test/setup.ts"],
    },
  };
});
