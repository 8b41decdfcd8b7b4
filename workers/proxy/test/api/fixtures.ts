import { call, expectJson, type Session, signUp } from "./helpers";

export interface CreatedKey {
  id: string;
  key: string;
  prefix: string;
  last4: string;
}

export interface Project {
  id: string;
  slug: string;
  name: string;
  configVersion: number;
  settings: Record<string, unknown>;
}

export interface Tenant {
  owner: Session;
  project: Project;
  publishableKey: CreatedKey;
  secretKey: CreatedKey;
}

/** A new owner with a new project (and its first pk_ and sk_). */
export async function newTenant(settings: Record<string, unknown> = {}): Promise<Tenant> {
  const owner = await signUp();
  const created = await expectJson<{
    project: Project;
    publishableKey: CreatedKey;
    secretKey: CreatedKey;
  }>(
    await call("POST", "/api/projects", {
      token: owner.accessToken,
      body: { name: "Test app", settings },
    }),
    201,
  );
  return { owner, ...created };
}

/**
 * A tenant whose every model goes to `baseUrl`, with a default tier `free` limited by `rules`
 * (each `{ metric, window, limit }`, on that tier).
 */
export async function freeTierTenant(
  baseUrl: string,
  rules: Record<string, unknown>[],
  settings: Record<string, unknown> = {},
): Promise<Tenant> {
  const t = await newTenant({
    routes: [{ models: ["*"], provider: "custom", baseUrl }],
    ...settings,
  });
  await createTier(t.owner.accessToken, t.project.id, { name: "free", isDefault: true });
  for (const rule of rules)
    await createRule(t.owner.accessToken, t.project.id, { tier: "free", ...rule });
  return t;
}

export async function createTier(token: string, projectId: string, body: Record<string, unknown>) {
  return expectJson<{ id: string; name: string }>(
    await call("POST", `/api/projects/${projectId}/tiers`, { token, body }),
    201,
  );
}

export async function createRule(token: string, projectId: string, body: Record<string, unknown>) {
  return expectJson<{ id: string }>(
    await call("POST", `/api/projects/${projectId}/rules`, { token, body }),
    201,
  );
}

export async function createApiKey(
  token: string,
  projectId: string,
  body: Record<string, unknown>,
) {
  return expectJson<{ id: string; key: string; identity: string; status: string }>(
    await call("POST", `/api/projects/${projectId}/api-keys`, { token, body }),
    201,
  );
}

export async function getProject(token: string, projectId: string): Promise<Project> {
  return expectJson<Project>(await call("GET", `/api/projects/${projectId}`, { token }), 200);
}

/** Path of an identity route: identities may hold any printable character. */
export function identityPath(projectId: string, identity: string, suffix = ""): string {
  return `/api/projects/${projectId}/identities/${encodeURIComponent(identity)}${suffix}`;
}
