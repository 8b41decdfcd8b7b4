import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { createRule, createTier, newTenant } from "./fixtures";
import {
  adminSession,
  call,
  expectJson,
  PASSWORD,
  type Session,
  signUp,
  uniqueEmail,
} from "./helpers";
import { responseChecker } from "./openapi-responses";
import { documentedOperations, fillPath, type Operation } from "./openapi-routes";
import { type SeededTenant, seededTenant } from "./world";

/**
 * Every operation of the served OpenAPI document, called for success and for the errors it
 * documents, and every answer checked against what the document declares for that operation
 * and status: content type, and the body against the response's JSON schema.
 */

type Check = Awaited<ReturnType<typeof responseChecker>>;

interface Call {
  token?: string | undefined;
  params?: Record<string, string>;
  body?: unknown;
  status: number;
}

let operations: Operation[];
let check: Check;
let w: SeededTenant;
let admin: Session;

/** The successful call of each operation (its body, and ids that must not be the world's). */
const successes: Record<string, (op: Operation) => Promise<Call> | Call> = {
  "POST /api/auth/register": () => ({
    body: { email: uniqueEmail(), password: PASSWORD },
    status: 201,
  }),
  "POST /api/auth/login": () => ({
    body: { email: w.owner.user.email, password: PASSWORD },
    status: 200,
  }),
  "POST /api/auth/refresh": async () => ({
    body: { refreshToken: (await signUp()).refreshToken },
    status: 200,
  }),
  "POST /api/auth/logout": async () => ({
    body: { refreshToken: (await signUp()).refreshToken },
    status: 204,
  }),
  "GET /api/auth/me": () => ({ status: 200 }),
  // Its own user: a password change ends every session, the world's owner would be signed out.
  "POST /api/auth/password": async () => ({
    token: (await signUp()).accessToken,
    body: { currentPassword: PASSWORD, newPassword: "another passphrase 7" },
    status: 200,
  }),
  "POST /api/projects": () => ({ body: { name: "Another app" }, status: 201 }),
  "GET /api/projects": () => ({ status: 200 }),
  "GET /api/projects/{projectId}": () => ({ status: 200 }),
  "PATCH /api/projects/{projectId}": () => ({
    body: { name: "Renamed", settings: { timeZone: "Europe/Paris" } },
    status: 200,
  }),
  "DELETE /api/projects/{projectId}": async () => {
    const doomed = await newTenant();
    return {
      token: doomed.owner.accessToken,
      params: { projectId: doomed.project.id },
      status: 204,
    };
  },
  "POST /api/projects/{projectId}/keys/secret": () => ({ status: 201 }),
  "GET /api/projects/{projectId}/keys": () => ({ status: 200 }),
  "POST /api/projects/{projectId}/keys/{keyId}/revoke": async () => {
    const key = await expectJson<{ id: string }>(
      await call("POST", `/api/projects/${w.project.id}/keys/secret`, {
        token: w.owner.accessToken,
      }),
      201,
    );
    return { params: { keyId: key.id }, status: 200 };
  },
  "POST /api/projects/{projectId}/keys/publishable/rotate": () => ({ status: 201 }),
  "GET /api/projects/{projectId}/provider-keys": () => ({ status: 200 }),
  "PUT /api/projects/{projectId}/provider-keys/{provider}": () => ({
    params: { provider: "anthropic" },
    body: { apiKey: "sk-ant-provider-secret-5678" },
    status: 201,
  }),
  "DELETE /api/projects/{projectId}/provider-keys/{provider}": async () => {
    await expectJson(
      await call("PUT", `/api/projects/${w.project.id}/provider-keys/google`, {
        token: w.owner.accessToken,
        body: { apiKey: "google-provider-secret-9012" },
      }),
      201,
    );
    return { params: { provider: "google" }, status: 204 };
  },
  "POST /api/projects/{projectId}/signing-secret/rotate": () => ({ status: 201 }),
  "POST /api/projects/{projectId}/tiers": () => ({
    body: { name: "pro", description: "Paying users" },
    status: 201,
  }),
  "GET /api/projects/{projectId}/tiers": () => ({ status: 200 }),
  "PATCH /api/projects/{projectId}/tiers/{tierId}": () => ({
    body: { description: "Everyone else" },
    status: 200,
  }),
  "DELETE /api/projects/{projectId}/tiers/{tierId}": async () => {
    const tier = await createTier(w.owner.accessToken, w.project.id, { name: "doomed" });
    return { params: { tierId: tier.id }, status: 204 };
  },
  "POST /api/projects/{projectId}/rules": () => ({
    body: { tier: "free", metric: "tokens", window: { kind: "calendar", unit: "day" }, limit: 9 },
    status: 201,
  }),
  "GET /api/projects/{projectId}/rules": () => ({ status: 200 }),
  "PATCH /api/projects/{projectId}/rules/{ruleId}": () => ({ body: { limit: 50 }, status: 200 }),
  "DELETE /api/projects/{projectId}/rules/{ruleId}": async () => {
    const rule = await createRule(w.owner.accessToken, w.project.id, {
      metric: "cost_micro_usd",
      window: { kind: "calendar", unit: "month" },
      limit: 1_000_000,
    });
    return { params: { ruleId: rule.id }, status: 204 };
  },
  "POST /api/projects/{projectId}/identities/bulk": () => ({
    body: { identities: [{ identity: "bulk-1", tier: "free" }, { identity: "bulk-2" }] },
    status: 200,
  }),
  "GET /api/projects/{projectId}/identities": () => ({ status: 200 }),
  "GET /api/projects/{projectId}/identities/{identity}": () => ({ status: 200 }),
  "PUT /api/projects/{projectId}/identities/{identity}": () => ({
    body: {
      tier: "free",
      overrides: [
        { metric: "requests", window: { kind: "rolling", durationMs: 60_000 }, limit: 3 },
      ],
    },
    status: 200,
  }),
  "DELETE /api/projects/{projectId}/identities/{identity}": () => ({
    params: { identity: "bulk-2" },
    status: 204,
  }),
  "POST /api/projects/{projectId}/identities/{identity}/disable": () => ({ status: 200 }),
  "POST /api/projects/{projectId}/identities/{identity}/enable": () => ({ status: 200 }),
  "POST /api/projects/{projectId}/identities/{identity}/gift": () => ({
    body: { requests: 5, reason: "support ticket" },
    status: 200,
  }),
  "POST /api/projects/{projectId}/identities/{identity}/promo": () => ({
    body: { unlimitedUntil: Date.now() + 86_400_000 },
    status: 200,
  }),
  "POST /api/projects/{projectId}/identities/{identity}/reset": () => ({
    body: { metrics: ["requests"] },
    status: 200,
  }),
  "POST /api/projects/{projectId}/api-keys": () => ({
    body: { name: "partner", tier: "free", identity: "customer-7", expiresAt: Date.now() + 9e6 },
    status: 201,
  }),
  "GET /api/projects/{projectId}/api-keys": () => ({ status: 200 }),
  "PATCH /api/projects/{projectId}/api-keys/{keyId}": () => ({
    body: { name: "renamed" },
    status: 200,
  }),
  "POST /api/projects/{projectId}/api-keys/{keyId}/block": () => ({ status: 200 }),
  "POST /api/projects/{projectId}/api-keys/{keyId}/unblock": () => ({ status: 200 }),
  "POST /api/projects/{projectId}/api-keys/{keyId}/revoke": async () => {
    const key = await expectJson<{ id: string }>(
      await call("POST", `/api/projects/${w.project.id}/api-keys`, {
        token: w.owner.accessToken,
        body: { name: "doomed", tier: "free" },
      }),
      201,
    );
    return { params: { keyId: key.id }, status: 200 };
  },
  "POST /api/projects/{projectId}/billing/statement": () => ({
    body: {
      from: Date.now() - 86_400_000,
      to: Date.now() + 3_600_000,
      requestUnitPriceMicroUsd: 10,
      modelPrices: { "gpt-4o*": { inputMicroUsdPerMTok: 2_500_000, outputMicroUsdPerMTok: 1e7 } },
    },
    status: 200,
  }),
  "GET /api/projects/{projectId}/usage/summary": () => ({ status: 200 }),
  "GET /api/projects/{projectId}/usage/identities": () => ({ status: 200 }),
  "GET /api/projects/{projectId}/usage/models": () => ({ status: 200 }),
  "GET /api/projects/{projectId}/usage/timeseries": () => ({ status: 200 }),
  "GET /api/projects/{projectId}/usage/metrics": () => ({ status: 200 }),
  "GET /api/projects/{projectId}/audit": () => ({ status: 200 }),
  "GET /api/admin/users": () => ({ status: 200 }),
  "GET /api/admin/projects": () => ({ status: 200 }),
  "GET /api/admin/audit": () => ({ status: 200 }),
  "POST /api/admin/projects/{projectId}/api-keys/{keyId}/block": () => ({ status: 200 }),
  "POST /api/admin/projects/{projectId}/api-keys/{keyId}/unblock": () => ({ status: 200 }),
  "PUT /api/admin/projects/{projectId}/api-keys/{keyId}/tier": () => ({
    body: { tier: "free" },
    status: 200,
  }),
  "PUT /api/admin/projects/{projectId}/identities/{identity}/tier": () => ({
    body: { tier: null },
    status: 200,
  }),
};

function keyOf(op: Operation): string {
  return `${op.method} ${op.path}`;
}

/** An identity operation with the identity in the query is called like its path form. */
const IN_QUERY = /\/identity(\/|$)/;

function successOf(op: Operation) {
  return successes[keyOf(op).replace(IN_QUERY, "/identities/{identity}$1")];
}

function tokenFor(op: Operation): string | undefined {
  if (op.access === "public") return undefined;
  return op.access === "admin" ? admin.accessToken : w.owner.accessToken;
}

/** Calls `op` and returns what is wrong with the answer (and its status). */
async function probe(op: Operation, spec: Omit<Call, "status">) {
  const params = { ...w.params, ...spec.params };
  const query = IN_QUERY.test(op.path)
    ? `?identity=${encodeURIComponent(params.identity ?? "")}`
    : "";
  const path = `${fillPath(op.path, params)}${query}`;
  const res = await call(op.method, path, { token: spec.token, body: spec.body });
  return { status: res.status, problems: await check(op.method, op.path, res) };
}

beforeAll(async () => {
  const doc = await expectJson(await call("GET", "/api/openapi.json"), 200);
  check = await responseChecker(doc);
  operations = await documentedOperations();
  w = await seededTenant();
  admin = await adminSession();
});

describe("answers match the OpenAPI document", () => {
  it("is checked by a validator that refuses what the document does not declare", async () => {
    const me = (body: unknown, status = 200, type = "application/json") =>
      check(
        "GET",
        "/api/auth/me",
        new Response(JSON.stringify(body), { status, headers: { "content-type": type } }),
      );
    const user = { id: "usr_1", email: "a@b.c", isAdmin: false, createdAt: 1 };
    expect(await me(user)).toEqual([]);
    expect(await me({ ...user, isAdmin: "no" })).toHaveLength(1);
    expect(await me({ ...user, passwordHash: "x" })).toHaveLength(1);
    expect(await me(user, 200, "text/plain")).toHaveLength(1);
    expect(await me(user, 418)).toHaveLength(1);
  });

  it("has a successful call for every documented operation", () => {
    const inPath = operations.filter((op) => !IN_QUERY.test(op.path)).map(keyOf);
    expect(inPath.sort()).toEqual(Object.keys(successes).sort());
    for (const op of operations) expect(successOf(op), keyOf(op)).toBeDefined();
  });

  it("answers each operation's success as documented", async () => {
    const problems: string[] = [];
    for (const op of operations) {
      const make = successOf(op);
      if (!make) continue;
      const spec = await make(op);
      const got = await probe(op, { token: tokenFor(op), ...spec });
      if (got.status !== spec.status)
        problems.push(`${keyOf(op)}: expected ${spec.status}, got ${got.status}`);
      problems.push(...got.problems);
    }
    expect(problems).toEqual([]);
  });

  it("answers each operation's errors as documented", async () => {
    const problems: string[] = [];
    const attempts: [string, (op: Operation) => Omit<Call, "status"> | null][] = [
      ["no credential", (op) => (op.access === "public" ? null : { token: undefined })],
      ["a bad token", (op) => (op.access === "public" ? null : { token: "not.a.jwt" })],
      [
        "a secret key where it is not enough",
        (op) =>
          ["user", "project-owner", "admin"].includes(op.access)
            ? { token: w.secretKey.key }
            : null,
      ],
      [
        "the owner on admin routes",
        (op) => (op.access === "admin" ? { token: w.owner.accessToken } : null),
      ],
      [
        "a body of the wrong shape",
        (op) => (op.hasBody ? { token: tokenFor(op), body: [1] } : null),
      ],
      [
        "unknown ids",
        (op) =>
          op.params.length === 0
            ? null
            : {
                token: tokenFor(op),
                params: {
                  projectId: "prj_missing",
                  tierId: "tier_missing",
                  ruleId: "rule_missing",
                  keyId: "key_missing",
                },
              },
      ],
      [
        "over-long ids",
        (op) =>
          op.params.length === 0
            ? null
            : {
                token: tokenFor(op),
                params: {
                  projectId: "p".repeat(101),
                  tierId: "t".repeat(301),
                  ruleId: "r".repeat(301),
                  keyId: "k".repeat(301),
                  identity: "i".repeat(300),
                  provider: "nope",
                },
              },
      ],
    ];
    for (const op of operations) {
      for (const [what, make] of attempts) {
        const spec = make(op);
        if (spec === null) continue;
        const got = await probe(op, spec);
        if (got.status < 400 || got.status >= 500)
          problems.push(`${keyOf(op)} with ${what}: ${got.status}`);
        problems.push(...got.problems.map((p) => `${p} (with ${what})`));
      }
    }
    expect(problems).toEqual([]);
  });

  it("answers conflicts, wrong credentials, throttling and over-large bodies as documented", async () => {
    const byKey = new Map(operations.map((op) => [keyOf(op), op]));
    const op = (key: string) => {
      const found = byKey.get(key);
      if (!found) throw new Error(`${key} is not documented`);
      return found;
    };
    const token = w.owner.accessToken;
    const cases: [string, Omit<Call, "status">, number][] = [
      ["POST /api/auth/register", { body: { email: w.owner.user.email, password: PASSWORD } }, 409],
      ["POST /api/auth/register", { body: { email: "x@example.test", password: "short" } }, 400],
      ["POST /api/auth/refresh", { body: { refreshToken: "rt_unknown" } }, 401],
      ["POST /api/projects", { token, body: { name: "x", slug: w.project.slug } }, 409],
      ["POST /api/projects/{projectId}/tiers", { token, body: { name: "free" } }, 409],
      ["DELETE /api/projects/{projectId}/tiers/{tierId}", { token }, 409],
      [
        "POST /api/projects/{projectId}/rules",
        {
          token,
          body: {
            tier: "free",
            metric: "requests",
            window: { kind: "rolling", durationMs: 60_000 },
            limit: 1,
          },
        },
        409,
      ],
      [
        "POST /api/projects/{projectId}/api-keys",
        { token, body: { name: "x", tier: "missing" } },
        400,
      ],
      ["POST /api/projects/{projectId}/identities", { token, body: "x".repeat(1_100_000) }, 413],
    ];
    const problems: string[] = [];
    for (const [key, spec, status] of cases) {
      const operation =
        key === "POST /api/projects/{projectId}/identities"
          ? op("POST /api/projects/{projectId}/identities/bulk")
          : op(key);
      const got = await probe(operation, spec);
      if (got.status !== status) problems.push(`${key}: expected ${status}, got ${got.status}`);
      problems.push(...got.problems);
    }
    // Wrong passwords until the account is throttled: 401s, then a 429.
    const email = uniqueEmail("throttled");
    await signUp(email);
    const login = op("POST /api/auth/login");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const got = await probe(login, { body: { email, password: "wrong password!" } });
      statuses.push(got.status);
      problems.push(...got.problems);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(problems).toEqual([]);
  });

  it("answers a misconfigured deployment's 500 as documented, on every operation", async () => {
    // A malformed var (every route fails), and an AUTH_JWT_SECRET too short to be used.
    const misconfigured: [Env, boolean][] = [
      [{ ...env, CONFIG_CACHE_TTL_MS: "soon" }, true],
      [{ ...env, AUTH_JWT_SECRET: "too short" } as Env, false],
    ];
    const problems: string[] = [];
    let failedForTheSecret = 0;
    for (const op of operations) {
      const path = fillPath(op.path, w.params);
      const headers: Record<string, string> = { "content-type": "application/json" };
      const token = tokenFor(op);
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      for (const [bindings, everyRoute] of misconfigured) {
        // The operation's successful body, so only the configuration can fail it.
        const body = op.hasBody ? JSON.stringify((await successOf(op)?.(op))?.body) : null;
        const res = await createApp().request(
          `http://proxy${path}`,
          { method: op.method, headers, body },
          bindings,
        );
        // Routes that never read AUTH_JWT_SECRET (logout) still work without it.
        if (res.status !== 500 && !everyRoute) continue;
        if (!everyRoute) failedForTheSecret += 1;
        if (res.status !== 500) problems.push(`${keyOf(op)}: ${res.status}`);
        problems.push(...(await check(op.method, op.path, res)));
      }
    }
    expect(problems).toEqual([]);
    expect(failedForTheSecret).toBeGreaterThan(40);
  });
});
