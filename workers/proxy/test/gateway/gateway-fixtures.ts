import { createApiKey, createRule, createTier, newTenant, type Tenant } from "../api/fixtures";
import { call, expectJson } from "../api/helpers";

/** Per-minute request limits of the gateway tiers, as in the example. */
export const perMinute = { free: 5, basic: 20, premium: 100, enterprise: 1000 } as const;
export type GatewayTier = keyof typeof perMinute | "metered";

export interface GatewayTenant extends Tenant {
  slug: string;
}

/**
 * A project whose gateway origin is the echo worker, with the four tiers (N per minute and a
 * monthly allowance of 10 000 each) and a `metered` tier whose monthly allowance is 3.
 */
export async function gatewayTenant(
  origin = "binding://GATEWAY_ECHO/base",
  settings: Record<string, unknown> = {},
): Promise<GatewayTenant> {
  const t = await newTenant({ gatewayOrigin: origin, upstreamTimeoutMs: 2_000, ...settings });
  const token = t.owner.accessToken;
  for (const [name, limit] of Object.entries(perMinute)) {
    await createTier(token, t.project.id, { name, isDefault: name === "free" });
    await createRule(token, t.project.id, {
      tier: name,
      metric: "requests",
      window: { kind: "rolling", durationMs: 60_000 },
      limit,
    });
    await createRule(token, t.project.id, {
      tier: name,
      metric: "requests",
      window: { kind: "calendar", unit: "month" },
      limit: 10_000,
    });
  }
  await createTier(token, t.project.id, { name: "metered" });
  await createRule(token, t.project.id, {
    tier: "metered",
    metric: "requests",
    window: { kind: "rolling", durationMs: 60_000 },
    limit: 100,
  });
  await createRule(token, t.project.id, {
    tier: "metered",
    metric: "requests",
    window: { kind: "calendar", unit: "month" },
    limit: 3,
  });
  return { ...t, slug: t.project.slug };
}

export async function consumerKey(
  t: Tenant,
  tier: GatewayTier | string,
  extra: Record<string, unknown> = {},
) {
  return createApiKey(t.owner.accessToken, t.project.id, { name: `${tier} key`, tier, ...extra });
}

/** A gateway call with a consumer key in `x-api-key`. */
export function gw(
  slug: string,
  key: string | null,
  path = "/items",
  init: { method?: string; body?: BodyInit; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...init.headers };
  if (key !== null) headers["x-api-key"] = key;
  return call(init.method ?? "GET", `/gw/${slug}${path}`, {
    headers,
    ...(init.body !== undefined ? { rawBody: init.body } : {}),
  });
}

/** The requests an identity's rules have counted (one per `requests` rule), from the management API. */
export async function requestsUsed(t: Tenant, identity: string): Promise<number[]> {
  const detail = await expectJson<{ usage: { metric: string; used: number }[] }>(
    await call("GET", `/api/projects/${t.project.id}/identities/${encodeURIComponent(identity)}`, {
      token: t.owner.accessToken,
    }),
    200,
  );
  return detail.usage.filter((u) => u.metric === "requests").map((u) => u.used);
}
