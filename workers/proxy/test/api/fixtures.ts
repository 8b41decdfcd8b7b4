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
