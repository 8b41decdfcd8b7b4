import { defineConfig } from "drizzle-kit";

// Only `generate` is used: wrangler applies the SQL (`wrangler d1 migrations apply`), and tests
// apply it with `applyD1Migrations`.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/schema/index.ts",
  out: "../../migrations",
});
