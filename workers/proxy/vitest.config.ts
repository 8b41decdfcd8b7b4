import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { bundleWorker } from "../../scripts/lib/bundle-worker";
import { regionsRouterConfig } from "./test/fixtures/regions-router-config";

const root = path.resolve(import.meta.dirname, "../..");

// Tests that drive the proxy inside workerd, with real D1 (migrations applied in the setup file)
// and real Durable Objects.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(root, "migrations"));
  // Behind ORIGIN_ROUTER: the real geo-router, with mock-origin as three regions (auxiliary
  // workers must be bundled JS).
  const geoRouter = bundleWorker("workers/geo-router/wrangler.toml", import.meta.dirname);
  const mockOrigin = bundleWorker("workers/mock-origin/wrangler.toml", import.meta.dirname);
  const compatibilityDate = "2026-10-01";
  const region = (name: string) => ({
    name,
    modules: true,
    scriptPath: mockOrigin,
    compatibilityDate,
  });
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: path.join(root, "wrangler.toml") },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            // Test-only secrets of the management API (src/api/secrets.ts).
            AUTH_JWT_SECRET: "test-only-auth-jwt-secret-0123456789abcdef",
            MASTER_KEY: "dGVzdC1vbmx5LW1hc3Rlci1rZXktMDEyMzQ1Njc4OTA=",
            ADMIN_EMAILS: "admin@floodgate.test",
          },
          // The generic gateway's test origin (`binding://GATEWAY_ECHO/...`): echoes what it got.
          // The mock origin straight, as a custom provider (`binding://MOCK_ORIGIN/v1`) that its
          // `x-mock-*` knobs shape.
          serviceBindings: { GATEWAY_ECHO: "gateway-echo", MOCK_ORIGIN: "region-us" },
          workers: [
            {
              name: "floodgate-geo-router",
              modules: true,
              scriptPath: geoRouter,
              compatibilityDate,
              bindings: {
                CONFIG_SOURCE: "static",
                ROUTER_CONFIG: JSON.stringify(regionsRouterConfig),
                DEV_GEO_OVERRIDE: "false",
              },
              serviceBindings: { MOCK_EU: "region-eu", MOCK_US: "region-us", MOCK_AP: "region-ap" },
              durableObjects: { HEALTH: { className: "HealthDO", useSQLite: true } },
              d1Databases: { DB: "geo-router-db" },
            },
            region("region-eu"),
            region("region-us"),
            region("region-ap"),
            {
              name: "gateway-echo",
              modules: true,
              scriptPath: path.join(import.meta.dirname, "test/gateway/echo-origin.js"),
              compatibilityDate: "2026-10-01",
            },
          ],
        },
      }),
    ],
    test: {
      name: "proxy",
      include: ["test/**/*.test.ts"],
      setupFiles: ["./test/setup.ts"],
    },
  };
});
