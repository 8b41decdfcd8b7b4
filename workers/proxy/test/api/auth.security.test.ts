import { env } from "cloudflare:workers";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/crypto/sha256";
import {
  adminSession,
  call,
  expectError,
  expectJson,
  PASSWORD,
  signUp,
  uniqueEmail,
} from "./helpers";

function login(email: string, password: string, ip: string) {
  return call("POST", "/api/auth/login", {
    body: { email, password },
    headers: { "cf-connecting-ip": ip },
  });
}

describe("account security", () => {
  it("stores PBKDF2-SHA256 hashes (100 000 iterations, 16-byte salt), never the password or a refresh token", async () => {
    const session = await signUp();
    const user = await env.DB.prepare("select * from users where id = ?")
      .bind(session.user.id)
      .first<Record<string, unknown>>();
    expect(user).toMatchObject({ password_iterations: 100_000 });
    expect(String(user?.password_salt)).toMatch(/^[0-9a-f]{32}$/);
    expect(String(user?.password_hash)).toMatch(/^[0-9a-f]{64}$/);
    const tokens = await env.DB.prepare("select * from refresh_tokens where user_id = ?")
      .bind(session.user.id)
      .all();
    const dump = JSON.stringify([user, tokens.results]);
    expect(dump).not.toContain(PASSWORD);
    expect(dump).not.toContain(session.refreshToken);
  });

  it("issues short-lived HS256 access tokens for the API's issuer and audience", async () => {
    const session = await signUp();
    expect(decodeProtectedHeader(session.accessToken).alg).toBe("HS256");
    const claims = decodeJwt(session.accessToken);
    expect(claims).toMatchObject({ iss: "floodgate", aud: "floodgate-api", sub: session.user.id });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(15 * 60);
  });

  it("revokes the whole family when a rotated refresh token is reused", async () => {
    const session = await signUp();
    const next = await expectJson<{ accessToken: string; refreshToken: string }>(
      await call("POST", "/api/auth/refresh", { body: { refreshToken: session.refreshToken } }),
      200,
    );
    const third = await expectJson<{ accessToken: string; refreshToken: string }>(
      await call("POST", "/api/auth/refresh", { body: { refreshToken: next.refreshToken } }),
      200,
    );
    await expectError(
      await call("POST", "/api/auth/refresh", { body: { refreshToken: session.refreshToken } }),
      401,
      "refresh_token_reused",
    );
    await expectError(
      await call("POST", "/api/auth/refresh", { body: { refreshToken: third.refreshToken } }),
      401,
    );
    await expectError(
      await call("GET", "/api/auth/me", { token: third.accessToken }),
      401,
      "session_revoked",
    );
    // Other sessions of the same user are untouched.
    const other = await expectJson<{ accessToken: string }>(
      await call("POST", "/api/auth/login", {
        body: { email: session.user.email, password: PASSWORD },
      }),
      200,
    );
    expect((await call("GET", "/api/auth/me", { token: other.accessToken })).status).toBe(200);
  });

  it("records a reuse that revokes a session in the audit log, once, without token material", async () => {
    const session = await signUp();
    const sessionId = String(decodeJwt(session.accessToken).sid);
    const next = await expectJson<{ refreshToken: string }>(
      await call("POST", "/api/auth/refresh", { body: { refreshToken: session.refreshToken } }),
      200,
    );
    await expectError(
      await call("POST", "/api/auth/refresh", {
        body: { refreshToken: session.refreshToken },
        headers: { "x-request-id": "req_reuse_check" },
      }),
      401,
      "refresh_token_reused",
    );
    // The family is dead now: presenting the stolen copy again revokes nothing more.
    await expectError(
      await call("POST", "/api/auth/refresh", { body: { refreshToken: session.refreshToken } }),
      401,
      "refresh_token_reused",
    );
    const root = await adminSession();
    const page = await expectJson<{ entries: Record<string, unknown>[] }>(
      await call(
        "GET",
        `/api/admin/audit?action=session.reuse_detected&targetId=${sessionId}&limit=200`,
        { token: root.accessToken },
      ),
      200,
    );
    expect(page.entries).toEqual([
      expect.objectContaining({
        projectId: null,
        actorType: "user",
        actorId: session.user.id,
        action: "session.reuse_detected",
        targetType: "session",
        targetId: sessionId,
        requestId: "req_reuse_check",
        diff: null,
      }),
    ]);
    const rows = await env.DB.prepare("select * from audit_log where target_id = ?")
      .bind(sessionId)
      .all();
    const dump = JSON.stringify([page, rows.results]);
    for (const token of [session.refreshToken, next.refreshToken]) {
      expect(dump).not.toContain(token);
      expect(dump).not.toContain(await sha256Hex(token));
    }
  });

  it("a refresh token of a logged-out session says the session ended, not that it was stolen", async () => {
    const session = await signUp();
    const rotated = await expectJson<{ refreshToken: string }>(
      await call("POST", "/api/auth/refresh", { body: { refreshToken: session.refreshToken } }),
      200,
    );
    expect(
      (await call("POST", "/api/auth/logout", { body: { refreshToken: rotated.refreshToken } }))
        .status,
    ).toBe(204);
    const error = await expectError(
      await call("POST", "/api/auth/refresh", { body: { refreshToken: rotated.refreshToken } }),
      401,
      "session_revoked",
    );
    expect(error.message).toBe("The session has ended; sign in again.");
    // The token it replaced is still reuse, whatever became of the session since.
    await expectError(
      await call("POST", "/api/auth/refresh", { body: { refreshToken: session.refreshToken } }),
      401,
      "refresh_token_reused",
    );
  });

  it("two racing refreshes of one token: one wins, the other is reuse", async () => {
    const session = await signUp();
    const results = await Promise.all(
      [0, 1].map(() =>
        call("POST", "/api/auth/refresh", { body: { refreshToken: session.refreshToken } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    // The loser revoked the winner's new token with the family, and that is recorded.
    const sessionId = String(decodeJwt(session.accessToken).sid);
    const audit = await env.DB.prepare(
      "select actor_id from audit_log where action = 'session.reuse_detected' and target_id = ?",
    )
      .bind(sessionId)
      .all();
    expect(audit.results).toEqual([{ actor_id: session.user.id }]);
  });

  it("throttles failed logins per account: the 6th attempt is refused even with the right password", async () => {
    const session = await signUp();
    for (let i = 0; i < 5; i++)
      await expectError(await login(session.user.email, "nope nope nope", `10.1.0.${i}`), 401);
    const res = await login(session.user.email, PASSWORD, "10.1.0.99");
    const error = await expectError(res, 429, "too_many_login_attempts");
    expect(error.scope).toBe("account");
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // Another account is not affected.
    const other = await signUp();
    expect((await login(other.user.email, PASSWORD, "10.1.0.99")).status).toBe(200);
  });

  it("throttles failed logins per IP across accounts", async () => {
    const ip = "192.0.2.77";
    for (let i = 0; i < 20; i++)
      await expectError(await login(uniqueEmail("spray"), "password spray", ip), 401);
    const victim = await signUp();
    const error = await expectError(
      await login(victim.user.email, PASSWORD, ip),
      429,
      "too_many_login_attempts",
    );
    expect(error.scope).toBe("ip");
    expect((await login(victim.user.email, PASSWORD, "192.0.2.78")).status).toBe(200);
  });

  it("records failed logins in the audit log without the password tried", async () => {
    const email = uniqueEmail("audited");
    await login(email, "hunter2-hunter2", "203.0.113.5");
    const rows = await env.DB.prepare(
      "select * from audit_log where action = 'auth.login_failed' and target_id = ?",
    )
      .bind(email)
      .all();
    expect(rows.results).toHaveLength(1);
    expect(JSON.stringify(rows.results)).not.toContain("hunter2");
    expect(rows.results[0]).toMatchObject({ actor_id: "ip:203.0.113.5", actor_type: "system" });
  });
});
