import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, expectJson } from "./helpers";
import { documentedOperations, fillPath, type Operation } from "./openapi-routes";
import { type SeededTenant, seededTenant } from "./world";

/**
 * Tenant isolation, enumerated from the served OpenAPI document: every route that takes a project
 * (and so every identity route) is called with project A's owner token and A's secret key on
 * project B's resources, and must answer 403 or 404, change nothing, and leak nothing.
 */

let operations: Operation[];
let a: SeededTenant;
let b: SeededTenant;

async function snapshot(t: SeededTenant) {
  const token = t.owner.accessToken;
  const id = t.project.id;
  const get = async (path: string) =>
    expectJson(await call("GET", `/api/projects/${id}${path}`, { token }), 200);
  const state = {
    project: await get(""),
    keys: await get("/keys"),
    tiers: await get("/tiers"),
    rules: await get("/rules"),
    apiKeys: await get("/api-keys"),
    identities: await get("/identities"),
    // Live usage minus the clock: an idle rolling window "resets" now.
    identity: JSON.parse(
      JSON.stringify(
        await get(`/identities/${encodeURIComponent(t.params.identity ?? "")}`),
        (k, v) => (k === "resetAt" ? undefined : v),
      ),
    ),
    providerKeys: await get("/provider-keys"),
  };
  const secrets = await env.DB.prepare(
    "select id, revoked_at from project_secrets where project_id = ? order by id",
  )
    .bind(id)
    .all();
  return { ...state, secrets: secrets.results };
}

beforeAll(async () => {
  operations = (await documentedOperations()).filter((op) => op.params.includes("projectId"));
  a = await seededTenant();
  b = await seededTenant();
});

describe("tenant isolation over every route that takes a project", () => {
  it("enumerates the routes from the document", () => {
    expect(operations.length).toBeGreaterThan(40);
    // Every identity route takes a project too, so it is covered here.
    expect(operations.filter((op) => op.params.includes("identity")).length).toBeGreaterThan(8);
  });

  it("refuses A's owner token and A's secret key on B's resources, and B is unchanged", async () => {
    const before = await snapshot(b);
    const auditBefore = await env.DB.prepare(
      "select count(*) as n from audit_log where project_id = ?",
    )
      .bind(b.project.id)
      .first<{ n: number }>();
    for (const op of operations) {
      const path = fillPath(op.path, b.params);
      for (const [who, token] of [
        ["A's owner", a.owner.accessToken],
        ["A's secret key", a.secretKey.key],
      ] as const) {
        const res = await call(op.method, path, { token, body: op.hasBody ? {} : undefined });
        const text = await res.text();
        expect([403, 404], `${who}: ${op.method} ${op.path} → ${res.status} ${text}`).toContain(
          res.status,
        );
        // Nothing of B's in the answer.
        expect(text).not.toContain(b.params.tierId);
        expect(text).not.toContain(b.project.slug);
      }
    }
    expect(await snapshot(b)).toEqual(before);
    const auditAfter = await env.DB.prepare(
      "select count(*) as n from audit_log where project_id = ?",
    )
      .bind(b.project.id)
      .first<{ n: number }>();
    expect(auditAfter?.n).toBe(auditBefore?.n);
  });

  it("does not let B's ids reach through A's own project", async () => {
    const crossable = operations.filter(
      (op) =>
        op.access !== "admin" && op.params.some((p) => ["tierId", "ruleId", "keyId"].includes(p)),
    );
    expect(crossable.length).toBeGreaterThan(8);
    const before = await snapshot(b);
    for (const op of crossable) {
      const keyId = op.path.includes("/api-keys/") ? (b.params.keyId ?? "") : b.extraSecretKeyId;
      const path = fillPath(op.path, { ...b.params, projectId: a.project.id, keyId });
      const res = await call(op.method, path, {
        token: a.owner.accessToken,
        body: op.hasBody ? (validBodies[op.path] ?? {}) : undefined,
      });
      const text = await res.text();
      expect(res.status, `${op.method} ${op.path} → ${res.status} ${text}`).toBe(404);
    }
    expect(await snapshot(b)).toEqual(before);
  });
});

/** Bodies that pass validation, so a 404 cannot hide behind a 400. */
const validBodies: Record<string, unknown> = {
  "/api/projects/{projectId}/tiers/{tierId}": { description: "x" },
  "/api/projects/{projectId}/rules/{ruleId}": { limit: 1 },
  "/api/projects/{projectId}/api-keys/{keyId}": { name: "x" },
};
