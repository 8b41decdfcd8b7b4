import { env } from "cloudflare:workers";
import {
  createApiKey,
  createRule,
  createTier,
  identityPath,
  newTenant,
  type Tenant,
} from "./fixtures";
import { call, expectJson } from "./helpers";

/** A tenant with one of everything, and the ids to put in each path parameter. */
export interface SeededTenant extends Tenant {
  params: Record<string, string>;
  extraSecretKeyId: string;
}

export async function seededTenant(): Promise<SeededTenant> {
  const t = await newTenant({ gatewayOrigin: "binding://GATEWAY_ECHO/base" });
  const token = t.owner.accessToken;
  const projectId = t.project.id;
  const tier = await createTier(token, projectId, { name: "free", isDefault: true });
  const rule = await createRule(token, projectId, {
    tier: "free",
    metric: "requests",
    window: { kind: "rolling", durationMs: 60_000 },
    limit: 100,
  });
  const apiKey = await createApiKey(token, projectId, { name: "consumer", tier: "free" });
  const identity = "user/with space";
  await expectJson(
    await call("PUT", identityPath(projectId, identity), { token, body: { tier: "free" } }),
    200,
  );
  await expectJson(
    await call("PUT", `/api/projects/${projectId}/provider-keys/openai`, {
      token,
      body: { apiKey: "sk-proj-provider-secret-1234" },
    }),
    201,
  );
  await expectJson(
    await call("POST", `/api/projects/${projectId}/signing-secret/rotate`, { token }),
    201,
  );
  const extra = await expectJson<{ id: string }>(
    await call("POST", `/api/projects/${projectId}/keys/secret`, { token }),
    201,
  );
  await env.DB.prepare(
    "insert into usage_rollups (project_id, identity, model, hour_start, requests, input_tokens, output_tokens, cost_micro_usd, denied) values (?, ?, 'gpt-4o', ?, 3, 30, 60, 90, 1)",
  )
    .bind(projectId, identity, Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000)
    .run();
  return {
    ...t,
    extraSecretKeyId: extra.id,
    params: {
      projectId,
      tierId: tier.id,
      ruleId: rule.id,
      keyId: apiKey.id,
      identity,
      provider: "openai",
    },
  };
}
