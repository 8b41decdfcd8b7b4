import { createRule, createTier, newTenant, type Tenant } from "../api/fixtures";
import { call, expectJson } from "../api/helpers";

/**
 * A tenant whose every model goes to `baseUrl` (and any other `settings`), with a default tier that limits requests and
 * tokens so loosely that nothing is denied: what a call counted shows in `used`.
 */
export async function meteredTenant(
  baseUrl: string,
  settings: Record<string, unknown> = {},
): Promise<Tenant> {
  const t = await newTenant({
    ...settings,
    routes: [{ models: ["*"], provider: "custom", baseUrl }],
  });
  await createTier(t.owner.accessToken, t.project.id, { name: "free", isDefault: true });
  for (const metric of ["requests", "tokens"]) {
    await createRule(t.owner.accessToken, t.project.id, {
      tier: "free",
      metric,
      window: { kind: "rolling", durationMs: 60_000 },
      limit: 1_000_000,
    });
  }
  return t;
}

/** What an identity has used, by metric, as `GET /v1/limits` tells it. */
export async function used(t: Tenant, identity: string): Promise<Record<string, number>> {
  const res = await call("GET", "/v1/limits", {
    headers: { "x-project-key": t.publishableKey.key, "x-identity": identity },
  });
  const limits = await expectJson<{ rules: { metric: string; used: number }[] }>(res, 200);
  return Object.fromEntries(limits.rules.map((r) => [r.metric, r.used]));
}
