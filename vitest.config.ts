import { defineConfig } from "vitest/config";

// One vitest run for the whole tree: pure packages in Node, each worker inside workerd
// (its own config beside it), and end-to-end tests that drive `wrangler dev` from Node.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "packages",
          environment: "node",
          include: ["packages/*/src/**/*.test.ts"],
        },
      },
      "workers/*/vitest.config.ts",
      {
        test: {
          name: "e2e",
          environment: "node",
          include: ["e2e/**/*.test.ts"],
          globalSetup: ["e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
