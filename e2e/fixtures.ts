import { createHash } from "node:crypto";
import { devVars } from "../scripts/lib/dev-config";
import { sealSecretNode } from "../scripts/lib/seal-secret";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Secrets the end-to-end tests use; the privacy test checks none of them ever lands in plaintext. */
export const fixtureSecrets = {
  signingSecret: "e2e-identity-signing-secret-0123456789",
  storedProviderKey: "sk-e2e-stored-provider-key-DO-NOT-LEAK-4242",
};

interface FixtureRule {
  tier: string | null;
  model?: string;
  metric?: string;
  rollingMs?: number;
  calendar?: "day" | "month";
  limit: number | null;
}

interface FixtureProject {
  id: string;
  publishableKey: string;
  tiers: string[];
  defaultTier: string;
  rules: FixtureRule[];
  settings: Record<string, unknown>;
  secrets?: {
    kind: "identity_signing_secret" | "provider_key";
    provider?: string;
    plaintext: string;
  }[];
}

export interface FixtureUrls {
  /** The standalone mock origin, e.g. http://127.0.0.1:PORT */
  mockUrl: string;
  /** Where the test JWKS is served. */
  jwksUrl: string;
}

export function fixtureProjects(urls: FixtureUrls): FixtureProject[] {
  const upstream = {
    routes: [{ models: ["*"], provider: "custom", baseUrl: `${urls.mockUrl}/v1` }],
  };
  return [
    {
      id: "prj_e2e",
      publishableKey: "pk_e2e",
      tiers: ["free", "pro", "daily", "burst", "fifty", "models"],
      defaultTier: "free",
      settings: {
        ...upstream,
        messages: {
          quota:
            "{{identity}} used {{usage}} of {{limit}} requests {{period}} on {{tier}} ({{model}})",
        },
        upgradeUrl: "https://example.com/upgrade",
        deepLink: "myapp://upgrade",
        warningThreshold: 0.5,
        allowedOrigins: ["https://app.example.com", "https://*.example.org"],
        sessionRules: [{ metric: "requests", windowMs: 600_000, limit: 2 }],
      },
      rules: [
        { tier: "free", rollingMs: 60_000, limit: 5 },
        { tier: "pro", rollingMs: 60_000, limit: 50 },
        { tier: "daily", calendar: "day", limit: 3 },
        { tier: "burst", rollingMs: 3_000, limit: 2 },
        { tier: "fifty", calendar: "day", limit: 50 },
        { tier: "models", model: "gpt-4o", calendar: "day", limit: 1 },
        { tier: "models", calendar: "day", limit: 100 },
      ],
    },
    {
      id: "prj_signed",
      publishableKey: "pk_signed",
      tiers: ["free", "pro"],
      defaultTier: "free",
      settings: {
        ...upstream,
        requireSignedIdentity: true,
        allowClientTier: false,
        identityJwksUrl: urls.jwksUrl,
      },
      rules: [
        { tier: "free", calendar: "day", limit: 2 },
        { tier: "pro", calendar: "day", limit: 100 },
      ],
      secrets: [{ kind: "identity_signing_secret", plaintext: fixtureSecrets.signingSecret }],
    },
    {
      // Its app backend's JWKS answers 404: a key set that cannot be had.
      id: "prj_jwks_down",
      publishableKey: "pk_jwks_down",
      tiers: ["free"],
      defaultTier: "free",
      settings: {
        ...upstream,
        identityJwksUrl: urls.jwksUrl.replace(/\/jwks\.json$/, "/missing-jwks.json"),
      },
      rules: [{ tier: "free", calendar: "day", limit: 100 }],
    },
    {
      id: "prj_notier",
      publishableKey: "pk_notier",
      tiers: ["free", "pro"],
      defaultTier: "free",
      settings: {
        routes: [{ models: ["gpt-*"], provider: "custom", baseUrl: `${urls.mockUrl}/v1` }],
        allowClientTier: false,
      },
      rules: [
        { tier: "free", calendar: "day", limit: 1 },
        { tier: "pro", calendar: "day", limit: 100 },
      ],
    },
    {
      id: "prj_stored",
      publishableKey: "pk_stored",
      tiers: ["free"],
      defaultTier: "free",
      settings: {
        routes: [
          { models: ["*"], provider: "custom", baseUrl: `${urls.mockUrl}/v1`, keyMode: "stored" },
        ],
      },
      rules: [{ tier: "free", calendar: "day", limit: 1000 }],
      secrets: [
        { kind: "provider_key", provider: "custom", plaintext: fixtureSecrets.storedProviderKey },
      ],
    },
    {
      id: "prj_tokens",
      publishableKey: "pk_tokens",
      tiers: ["free"],
      defaultTier: "free",
      settings: upstream,
      rules: [{ tier: "free", metric: "tokens", calendar: "day", limit: 1_000 }],
    },
    {
      id: "prj_faults",
      publishableKey: "pk_faults",
      tiers: ["free"],
      defaultTier: "free",
      settings: { ...upstream, upstreamTimeoutMs: 1_000, upstreamIdleTimeoutMs: 1_000 },
      rules: [
        { tier: "free", calendar: "day", limit: 1000 },
        { tier: "free", metric: "tokens", calendar: "day", limit: 1_000_000 },
      ],
    },
  ];
}

/** Projects the end-to-end tests use, beside the demo project. Seeded into a fresh local D1. */
export function fixturesSeedSql(urls: FixtureUrls): string {
  const lines = [
    "INSERT INTO users (id, email, password_hash, password_salt, password_iterations) VALUES ('usr_e2e', 'e2e@floodgate.test', 'x', 'x', 1);",
  ];
  for (const p of fixtureProjects(urls)) {
    lines.push(
      `INSERT INTO projects (id, owner_id, slug, name, settings) VALUES (${q(p.id)}, 'usr_e2e', ${q(p.id.replace("prj_", ""))}, ${q(p.id)}, ${q(JSON.stringify({ ...p.settings, defaultTier: p.defaultTier }))});`,
      `INSERT INTO project_keys (id, project_id, kind, key_hash, prefix, last4) VALUES (${q(`key_${p.id}`)}, ${q(p.id)}, 'publishable', ${q(sha256(p.publishableKey))}, ${q(p.publishableKey)}, 'test');`,
    );
    p.tiers.forEach((tier, i) => {
      lines.push(
        `INSERT INTO tiers (id, project_id, name, is_default, position) VALUES (${q(`tier_${p.id}_${tier}`)}, ${q(p.id)}, ${q(tier)}, ${tier === p.defaultTier ? 1 : 0}, ${i});`,
      );
    });
    p.rules.forEach((r, i) => {
      const tierId = r.tier ? q(`tier_${p.id}_${r.tier}`) : "NULL";
      lines.push(
        `INSERT INTO limit_rules (id, project_id, tier_id, model_pattern, metric, window_kind, window_ms, calendar_unit, limit_value) VALUES (${q(`rule_${p.id}_${i}`)}, ${q(p.id)}, ${tierId}, ${r.model ? q(r.model) : "NULL"}, ${q(r.metric ?? "requests")}, ${r.rollingMs ? "'rolling'" : "'calendar'"}, ${r.rollingMs ?? "NULL"}, ${r.calendar ? q(r.calendar) : "NULL"}, ${r.limit ?? "NULL"});`,
      );
    });
    for (const [i, s] of (p.secrets ?? []).entries()) {
      const sealed = sealSecretNode(devVars.MASTER_KEY, s.plaintext);
      lines.push(
        `INSERT INTO project_secrets (id, project_id, kind, provider, ciphertext, iv, last4) VALUES (${q(`sec_${p.id}_${i}`)}, ${q(p.id)}, ${q(s.kind)}, ${s.provider ? q(s.provider) : "NULL"}, ${q(sealed.ciphertext)}, ${q(sealed.iv)}, ${q(s.plaintext.slice(-4))});`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
