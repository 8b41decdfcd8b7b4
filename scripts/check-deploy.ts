import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "./lib/paths";
import { runWrangler } from "./lib/wrangler";

// `wrangler deploy --dry-run` for every worker: bundles each one as a deploy would, without
// uploading anything, so a config or import that only breaks at deploy time fails the checks.
const configs = [
  "wrangler.toml",
  "workers/geo-router/wrangler.toml",
  "workers/mock-origin/wrangler.toml",
];

const outRoot = mkdtempSync(path.join(os.tmpdir(), "floodgate-dry-run-"));
try {
  for (const config of configs) {
    if (!existsSync(path.join(repoRoot, config)))
      throw new Error(`missing worker config ${config}`);
    const outdir = path.join(outRoot, path.dirname(config).replaceAll("/", "_") || "root");
    runWrangler(["deploy", "--dry-run", "--outdir", outdir, "-c", config]);
    console.log(`✓ wrangler deploy --dry-run -c ${config}`);
  }
} finally {
  rmSync(outRoot, { recursive: true, force: true });
}
