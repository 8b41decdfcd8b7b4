import path from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Drives the whole worker inside workerd, through the real `openai` client and raw fetch.
export default defineConfig({
  plugins: [
    cloudflareTest({ wrangler: { configPath: path.join(import.meta.dirname, "wrangler.toml") } }),
  ],
  test: { name: "mock-origin", include: ["test/**/*.test.ts"] },
});
