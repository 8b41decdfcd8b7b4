import path from "node:path";

/** The repository root, whatever the working directory. */
export const repoRoot = path.resolve(import.meta.dirname, "../..");

/** Where `pnpm dev` keeps local D1 and Durable Object state across restarts. */
export const devStateDir = path.join(repoRoot, ".wrangler", "state");

export const wranglerBin = path.join(repoRoot, "node_modules", ".bin", "wrangler");
