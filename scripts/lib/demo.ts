import { createHash, pbkdf2Sync } from "node:crypto";

/**
 * The demo project `pnpm dev` seeds. Fixed, dev-only values (documented in the README): they
 * exist in local state only and must never be used for a deployment.
 */
export const demo = {
  userId: "usr_demo",
  email: "demo@floodgate.local",
  password: "floodgate-demo",
  projectId: "prj_demo",
  projectSlug: "demo",
  publishableKey: "pk_demo",
  secretKey: "sk_demo",
} as const;

const sha256Hex = (s: string) => createHash("sha256").update(s).digest("hex");
const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

interface DemoRule {
  id: string;
  tier: "free" | "pro";
  model?: string;
  metric: "requests" | "tokens";
  rolling?: number;
  calendar?: "day" | "month";
  limit: number;
}

export const demoRules: DemoRule[] = [
  { id: "rule_demo_free_rpm", tier: "free", metric: "requests", rolling: 60_000, limit: 10 },
  { id: "rule_demo_free_rpd", tier: "free", metric: "requests", calendar: "day", limit: 100 },
  { id: "rule_demo_free_tpd", tier: "free", metric: "tokens", calendar: "day", limit: 20_000 },
  {
    id: "rule_demo_free_gpt4",
    tier: "free",
    model: "gpt-4*",
    metric: "requests",
    calendar: "day",
    limit: 20,
  },
  { id: "rule_demo_pro_rpm", tier: "pro", metric: "requests", rolling: 60_000, limit: 60 },
  { id: "rule_demo_pro_rpd", tier: "pro", metric: "requests", calendar: "day", limit: 2_000 },
  { id: "rule_demo_pro_tpd", tier: "pro", metric: "tokens", calendar: "day", limit: 500_000 },
];

/** SQL that seeds the demo project; idempotent (existing rows are left as they are). */
export function demoSeedSql(): string {
  // PBKDF2-SHA256 with the same parameters the API uses for real accounts.
  const salt = "00112233445566778899aabbccddeeff";
  const iterations = 100_000;
  const hash = pbkdf2Sync(
    demo.password,
    Buffer.from(salt, "hex"),
    iterations,
    32,
    "sha256",
  ).toString("hex");
  const settings = {
    routes: [
      // Models named regional-* go to the origin pools of the geo-router (a mock per region).
      { models: ["regional-*"], provider: "pool", keyMode: "passthrough" },
      {
        models: ["*"],
        provider: "custom",
        baseUrl: "binding://MOCK_ORIGIN/v1",
        keyMode: "passthrough",
      },
    ],
    defaultTier: "free",
    allowClientTier: true,
    upgradeUrl: "https://example.com/upgrade",
    messages: { quota: "You have used {{usage}} of {{limit}} {{period}} on the {{tier}} plan." },
  };
  const lines = [
    `INSERT INTO users (id, email, password_hash, password_salt, password_iterations) VALUES (${q(demo.userId)}, ${q(demo.email)}, ${q(hash)}, ${q(salt)}, ${iterations}) ON CONFLICT DO NOTHING;`,
    `INSERT INTO projects (id, owner_id, slug, name, settings) VALUES (${q(demo.projectId)}, ${q(demo.userId)}, ${q(demo.projectSlug)}, 'Demo app', ${q(JSON.stringify(settings))}) ON CONFLICT DO NOTHING;`,
    `INSERT INTO project_keys (id, project_id, kind, key_hash, prefix, last4) VALUES ('key_demo_pk', ${q(demo.projectId)}, 'publishable', ${q(sha256Hex(demo.publishableKey))}, 'pk_demo', 'demo') ON CONFLICT DO NOTHING;`,
    `INSERT INTO project_keys (id, project_id, kind, key_hash, prefix, last4) VALUES ('key_demo_sk', ${q(demo.projectId)}, 'secret', ${q(sha256Hex(demo.secretKey))}, 'sk_demo', 'demo') ON CONFLICT DO NOTHING;`,
    `INSERT INTO tiers (id, project_id, name, description, is_default, position) VALUES ('tier_demo_free', ${q(demo.projectId)}, 'free', 'Free plan', 1, 0) ON CONFLICT DO NOTHING;`,
    `INSERT INTO tiers (id, project_id, name, description, is_default, position) VALUES ('tier_demo_pro', ${q(demo.projectId)}, 'pro', 'Pro plan', 0, 1) ON CONFLICT DO NOTHING;`,
  ];
  for (const r of demoRules) {
    const windowKind = r.rolling ? "rolling" : "calendar";
    lines.push(
      `INSERT INTO limit_rules (id, project_id, tier_id, model_pattern, metric, window_kind, window_ms, calendar_unit, limit_value) VALUES (${q(r.id)}, ${q(demo.projectId)}, 'tier_demo_${r.tier}', ${r.model ? q(r.model) : "NULL"}, ${q(r.metric)}, '${windowKind}', ${r.rolling ?? "NULL"}, ${r.calendar ? q(r.calendar) : "NULL"}, ${r.limit}) ON CONFLICT DO NOTHING;`,
    );
  }
  return `${lines.join("\n")}\n`;
}
