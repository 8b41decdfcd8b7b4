import { execFileSync } from "node:child_process";
import path from "node:path";
import { repoRoot } from "./paths";

/**
 * Bundles a worker to one plain JS module with wrangler's own bundler (`deploy --dry-run`), for
 * use as an auxiliary worker in Cloudflare's vitest integration (which needs bundled JS).
 *
 * @param configPath the worker's wrangler config, relative to the repository root
 * @param consumerDir the folder of the test project that runs it: the bundle goes below it (the
 *   runtime refuses modules outside it), and projects configured in parallel never collide
 * @returns the absolute path of the bundled entry module
 */
export function bundleWorker(configPath: string, consumerDir: string): string {
  const worker = path.basename(path.dirname(configPath));
  const outdir = path.join(consumerDir, ".wrangler", "test-build", worker);
  execFileSync(
    process.execPath,
    [
      path.join(repoRoot, "node_modules/wrangler/bin/wrangler.js"),
      "deploy",
      "--dry-run",
      "--config",
      path.join(repoRoot, configPath),
      "--outdir",
      outdir,
    ],
    { stdio: "pipe", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  return path.join(outdir, "index.js");
}
