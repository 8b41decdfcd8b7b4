import { beforeAll, describe, expect, it } from "vitest";
import { call, expectError, expectJson, PASSWORD } from "./helpers";
import { documentedOperations, fillPath, type Operation } from "./openapi-routes";
import { type SeededTenant, seededTenant } from "./world";

/**
 * Error answers every route gives, walked from the OpenAPI document: a body that is not JSON, a
 * body of the wrong shape, and (for routes with a child id) an id that does not exist. Each is a
 * 4xx in the envelope, never a 500.
 */

let operations: Operation[];
let t: SeededTenant;
let adminToken: string;

beforeAll(async () => {
  operations = await documentedOperations();
  t = await seededTenant();
  const admin = await call("POST", "/api/auth/register", {
    body: { email: "admin@floodgate.test", password: PASSWORD },
  });
  adminToken = (await expectJson<{ accessToken: string }>(admin, 201)).accessToken;
});

function tokenFor(op: Operation): string | undefined {
  if (op.access === "public") return undefined;
  return op.access === "admin" ? adminToken : t.owner.accessToken;
}

describe("errors on every route", () => {
  it("answers 400 to a body that is not JSON, or not an object of the right shape", async () => {
    const withBody = operations.filter((op) => op.hasBody);
    expect(withBody.length).toBeGreaterThan(20);
    for (const op of withBody) {
      const path = fillPath(op.path, t.params);
      const token = tokenFor(op);
      await expectError(
        await call(op.method, path, {
          token,
          rawBody: "{not json",
          headers: { "content-type": "application/json" },
        }),
        400,
      );
      await expectError(await call(op.method, path, { token, body: [1, 2, 3] }), 400);
      await expectError(
        await call(op.method, path, {
          token,
          rawBody: "a=b",
          headers: { "content-type": "text/plain" },
        }),
        400,
      );
    }
  });

  it("answers 404 to an unknown child id", async () => {
    const withChild = operations.filter((op) =>
      op.params.some((p) => ["tierId", "ruleId", "keyId"].includes(p)),
    );
    expect(withChild.length).toBeGreaterThan(8);
    const bodies: Record<string, unknown> = {
      "/api/projects/{projectId}/tiers/{tierId}": {},
      "/api/projects/{projectId}/rules/{ruleId}": {},
      "/api/projects/{projectId}/api-keys/{keyId}": {},
      "/api/admin/projects/{projectId}/api-keys/{keyId}/tier": { tier: "free" },
    };
    for (const op of withChild) {
      const path = fillPath(op.path, {
        ...t.params,
        tierId: "tier_missing",
        ruleId: "rule_missing",
        keyId: "key_missing",
      });
      const res = await call(op.method, path, {
        token: tokenFor(op),
        body: op.hasBody ? (bodies[op.path] ?? {}) : undefined,
      });
      await expectError(res, 404);
    }
  });

  it("answers 404 to an unknown project", async () => {
    for (const op of operations.filter((o) => o.params.includes("projectId"))) {
      const path = fillPath(op.path, { ...t.params, projectId: "prj_missing" });
      const res = await call(op.method, path, {
        token: tokenFor(op),
        body: op.hasBody ? {} : undefined,
      });
      expect([400, 404], `${op.method} ${op.path}`).toContain(res.status);
      if (op.access !== "admin") await expectError(res, 404, "project_not_found");
    }
  });

  it("answers only statuses its document declares", async () => {
    const doc = await expectJson<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>(await call("GET", "/api/openapi.json"), 200);
    const overlongChildIds = {
      tierId: "t".repeat(301),
      ruleId: "r".repeat(301),
      keyId: "k".repeat(301),
      identity: "i".repeat(300),
    };
    const undeclared: string[] = [];
    // Deleting the project would take the seeded world with it.
    for (const op of operations.filter((o) => !(o.method === "DELETE" && o.params.length === 1))) {
      const declared = Object.keys(doc.paths[op.path]?.[op.method.toLowerCase()]?.responses ?? {});
      const body = op.hasBody ? {} : undefined;
      const attempts: [string, string | undefined, Record<string, string>][] = [
        ["no credential", undefined, {}],
        ["a secret key", t.secretKey.key, {}],
        ["the right credential", tokenFor(op), {}],
        ["over-long child ids", tokenFor(op), overlongChildIds],
        ["an over-long project id", tokenFor(op), { projectId: "p".repeat(101) }],
      ];
      for (const [what, token, ids] of attempts) {
        const res = await call(op.method, fillPath(op.path, { ...t.params, ...ids }), {
          token,
          body,
        });
        if (!declared.includes(String(res.status)))
          undeclared.push(`${op.method} ${op.path} with ${what}: ${res.status}`);
      }
    }
    expect(undeclared).toEqual([]);
  });
});
