import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { repoRoot } from "./paths";

/**
 * Local development runs the deployable configs plus a few dev-only extras that must never reach
 * a deployment: the mock origin behind the proxy, demo secrets, the geo-router with mock regions. So the dev configs are derived
 * from the committed ones and written under `.wrangler/dev/`, with every path made absolute.
 */
export interface DevConfigs {
  /** Config files for `wrangler dev -c … -c …`; the first one is the proxy (exposed). */
  configPaths: string[];
  /** The proxy's config, for `wrangler d1 migrations apply` and `d1 execute`. */
  proxyConfigPath: string;
}

/** Dev-only values: never used outside a local machine. */
export const devVars = {
  // 32 zero-padded bytes, base64: encrypts stored provider keys in local state only.
  MASTER_KEY: "ZGV2LW9ubHktbWFzdGVyLWtleS0wMDAwMDAwMDAwMDA=",
  AUTH_JWT_SECRET: "dev-only-auth-jwt-secret-change-me-in-production",
  ADMIN_EMAILS: "demo@floodgate.local",
} as const;

type WranglerConfig = Record<string, unknown>;

function readToml(file: string): WranglerConfig {
  return parse(readFileSync(file, "utf8")) as WranglerConfig;
}

function absolutize(config: WranglerConfig, baseDir: string): WranglerConfig {
  const out: WranglerConfig = { ...config };
  if (typeof out.main === "string") out.main = path.resolve(baseDir, out.main);
  if (Array.isArray(out.d1_databases)) {
    out.d1_databases = out.d1_databases.map((db: Record<string, unknown>) =>
      typeof db.migrations_dir === "string"
        ? { ...db, migrations_dir: path.resolve(baseDir, db.migrations_dir) }
        : db,
    );
  }
  return out;
}

export function writeDevConfigs(
  outDir = path.join(repoRoot, ".wrangler", "dev"),
  extraVars: Record<string, string> = {},
): DevConfigs {
  mkdirSync(outDir, { recursive: true });
  const proxy = absolutize(readToml(path.join(repoRoot, "wrangler.toml")), repoRoot);
  const mockDir = path.join(repoRoot, "workers", "mock-origin");
  const mock = absolutize(readToml(path.join(mockDir, "wrangler.toml")), mockDir);

  const services = Array.isArray(proxy.services) ? [...proxy.services] : [];
  services.push({ binding: "MOCK_ORIGIN", service: String(mock.name) });
  proxy.services = services;
  proxy.vars = { ...(proxy.vars as Record<string, string>), ...devVars, ...extraVars };

  const proxyConfigPath = path.join(outDir, "proxy.json");
  const mockConfigPath = path.join(outDir, "mock-origin.json");
  writeFileSync(proxyConfigPath, `${JSON.stringify(proxy, null, 2)}\n`);
  writeFileSync(mockConfigPath, `${JSON.stringify(mock, null, 2)}\n`);
  // The geo-router (ORIGIN_ROUTER) with three mock regions behind it: its dev-only configs.
  const geoDev = path.join(repoRoot, "workers", "geo-router", "dev");
  const geoConfigs = ["wrangler.toml", "mock-eu.toml", "mock-us.toml", "mock-ap.toml"].map((f) =>
    path.join(geoDev, f),
  );
  return { configPaths: [proxyConfigPath, mockConfigPath, ...geoConfigs], proxyConfigPath };
}
