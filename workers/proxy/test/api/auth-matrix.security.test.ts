import { decodeJwt, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { newTenant, type Tenant } from "./fixtures";
import { call, expectError, expectJson, type Session, signUp, testSecret } from "./helpers";
import { documentedOperations, fillPath, type Operation } from "./openapi-routes";

/**
 * The shared auth test set: every protected route of the OpenAPI document is called with each
 * kind of bad credential, and must answer 401 (or 403 where the credential is real but not
 * enough) in the envelope.
 */

const secret = new TextEncoder().encode(testSecret("AUTH_JWT_SECRET"));

async function token(
  claims: Record<string, unknown>,
  options: { key?: Uint8Array; exp?: number; aud?: string; iss?: string } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(options.iss ?? "floodgate")
    .setAudience(options.aud ?? "floodgate-api")
    .setIssuedAt(now - 60)
    .setExpirationTime(options.exp ?? now + 600)
    .sign(options.key ?? secret);
}

function unsignedToken(claims: Record<string, unknown>): string {
  const b64 = (v: unknown) =>
    btoa(JSON.stringify(v)).replaceAll("=", "").replaceAll("+", "-").replaceAll("/", "_");
  return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
}

let operations: Operation[];
let tenant: Tenant;
let loggedOut: Session;
let familyRevoked: { accessToken: string; refreshToken: string };
let claims: { sub: string; sid: string };

function pathOf(op: Operation): string {
  return fillPath(op.path, {
    projectId: tenant.project.id,
    identity: "someone",
    tierId: "tier_x",
    ruleId: "rule_x",
    keyId: "key_x",
    provider: "openai",
  });
}

beforeAll(async () => {
  operations = (await documentedOperations()).filter((op) => op.access !== "public");
  tenant = await newTenant();
  claims = decodeJwt(tenant.owner.accessToken) as { sub: string; sid: string };

  // A session that ended: its refresh token is revoked, its access tokens must stop working.
  loggedOut = await signUp();
  expect(
    (await call("POST", "/api/auth/logout", { body: { refreshToken: loggedOut.refreshToken } }))
      .status,
  ).toBe(204);

  // A refresh token used twice: the second use is reuse and revokes the whole family.
  const victim = await signUp();
  const rotated = await expectJson<{ accessToken: string; refreshToken: string }>(
    await call("POST", "/api/auth/refresh", { body: { refreshToken: victim.refreshToken } }),
    200,
  );
  await expectError(
    await call("POST", "/api/auth/refresh", { body: { refreshToken: victim.refreshToken } }),
    401,
    "refresh_token_reused",
  );
  familyRevoked = rotated;
});

describe("the shared auth tests, on every protected route", () => {
  it("covers every protected route of the document", () => {
    expect(operations.length).toBeGreaterThan(40);
  });

  it("answers 401 without credentials", async () => {
    for (const op of operations)
      await expectError(
        await call(op.method, pathOf(op), { body: op.hasBody ? {} : undefined }),
        401,
      );
  });

  it("answers 401 to malformed credentials", async () => {
    for (const op of operations) {
      for (const authorization of [
        "Bearer",
        "Bearer not.a.jwt",
        "Basic dXNlcjpwYXNz",
        "Bearer a b",
        "token abc",
      ]) {
        const res = await call(op.method, pathOf(op), { headers: { authorization } });
        await expectError(res, 401);
      }
    }
  });

  it("answers 401 to a token with a bad signature, the wrong audience or issuer, no algorithm, or expired", async () => {
    const now = Math.floor(Date.now() / 1000);
    const bad = {
      signature: await token(claims, {
        key: new TextEncoder().encode("another-secret-another-secret-0123456789"),
      }),
      audience: await token(claims, { aud: "someone-else" }),
      issuer: await token(claims, { iss: "evil" }),
      none: unsignedToken({ ...claims, iss: "floodgate", aud: "floodgate-api", exp: now + 600 }),
      expired: await token(claims, { exp: now - 3600 }),
      tampered: `${tenant.owner.accessToken.slice(0, -4)}AAAA`,
    };
    for (const op of operations) {
      for (const [kind, value] of Object.entries(bad)) {
        const error = await expectError(await call(op.method, pathOf(op), { token: value }), 401);
        if (kind === "expired") expect(error.code).toBe("token_expired");
      }
    }
  });

  it("answers 401 to the access token of a logged-out session (revoked refresh token)", async () => {
    await expectError(
      await call("POST", "/api/auth/refresh", { body: { refreshToken: loggedOut.refreshToken } }),
      401,
      "session_revoked",
    );
    for (const op of operations) {
      await expectError(
        await call(op.method, pathOf(op), { token: loggedOut.accessToken }),
        401,
        "session_revoked",
      );
    }
  });

  it("answers 401 to every token of a family revoked because a refresh token was reused", async () => {
    // The newest token was never presented twice: its session ended.
    await expectError(
      await call("POST", "/api/auth/refresh", {
        body: { refreshToken: familyRevoked.refreshToken },
      }),
      401,
      "session_revoked",
    );
    for (const op of operations) {
      await expectError(
        await call(op.method, pathOf(op), { token: familyRevoked.accessToken }),
        401,
        "session_revoked",
      );
    }
  });

  it("answers 401 to publishable, consumer and unknown secret keys", async () => {
    for (const op of operations) {
      for (const key of [
        tenant.publishableKey.key,
        "fg_notarealkey000000000000",
        "sk_notarealkey000000000000",
      ]) {
        await expectError(await call(op.method, pathOf(op), { token: key }), 401);
      }
    }
  });

  it("answers 403 where the credential is real but not enough", async () => {
    for (const op of operations) {
      const res = await call(op.method, pathOf(op), {
        token: tenant.secretKey.key,
        body: op.hasBody ? {} : undefined,
      });
      if (op.access === "project-owner") await expectError(res, 403, "owner_token_required");
      else if (op.access === "admin" || op.access === "user")
        await expectError(res, 403, "user_token_required");
      else expect(res.status, `${op.method} ${op.path}`).not.toBe(401);
      if (op.access === "admin") {
        await expectError(
          await call(op.method, pathOf(op), { token: tenant.owner.accessToken }),
          403,
          "not_admin",
        );
      }
    }
  });

  it("lets a valid token through (the checks above are not vacuous)", async () => {
    for (const op of operations) {
      if (op.access === "admin") continue;
      const res = await call(op.method, pathOf(op), {
        token: tenant.owner.accessToken,
        body: op.hasBody ? {} : undefined,
      });
      expect([401, 403], `${op.method} ${op.path} → ${res.status}`).not.toContain(res.status);
    }
  });
});
