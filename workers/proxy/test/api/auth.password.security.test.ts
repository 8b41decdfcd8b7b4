import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  call,
  expectError,
  expectJson,
  PASSWORD,
  type Session,
  signIn,
  signUp,
  uniqueEmail,
} from "./helpers";

/** A password change ends every session of the account, so a thief's tokens stop working. */

const NEW_PASSWORD = "a brand new passphrase 42";

function changePassword(token: string, currentPassword: string, newPassword = NEW_PASSWORD) {
  return call("POST", "/api/auth/password", {
    token,
    body: { currentPassword, newPassword },
    headers: { "cf-connecting-ip": "203.0.113.9" },
  });
}

describe("changing the password", () => {
  it("ends every session (the thief's too), keeps the new one, and only the new password signs in", async () => {
    const email = uniqueEmail("owner");
    const mine = await signUp(email);
    const thief = await signIn(email);
    const changed = await expectJson<Session>(
      await changePassword(mine.accessToken, PASSWORD),
      200,
    );
    expect(changed.user.email).toBe(email);
    for (const session of [mine, thief]) {
      await expectError(
        await call("GET", "/api/auth/me", { token: session.accessToken }),
        401,
        "session_revoked",
      );
      // A refresh token of an ended session is refused as such, not as a stolen one.
      await expectError(
        await call("POST", "/api/auth/refresh", { body: { refreshToken: session.refreshToken } }),
        401,
        "session_revoked",
      );
    }
    const me = await expectJson<{ email: string }>(
      await call("GET", "/api/auth/me", { token: changed.accessToken }),
      200,
    );
    expect(me.email).toBe(email);
    await expectError(
      await call("POST", "/api/auth/login", { body: { email, password: PASSWORD } }),
      401,
      "invalid_credentials",
    );
    await signIn(email, NEW_PASSWORD);
    const audit = await env.DB.prepare(
      "select actor_id, target_id, diff from audit_log where action = 'user.password_change' and target_id = ?",
    )
      .bind(mine.user.id)
      .all();
    expect(audit.results).toEqual([
      { actor_id: mine.user.id, target_id: mine.user.id, diff: null },
    ]);
    expect(JSON.stringify(audit.results)).not.toContain(NEW_PASSWORD);
  });

  it("needs the current password, throttled like sign-ins, and a valid new one", async () => {
    const session = await signUp();
    const tooShort = await expectError(
      await changePassword(session.accessToken, PASSWORD, "short"),
      400,
    );
    expect(tooShort.param).toBe("newPassword");
    for (let i = 0; i < 5; i++)
      await expectError(
        await changePassword(session.accessToken, "not my password"),
        401,
        "invalid_credentials",
      );
    const res = await changePassword(session.accessToken, PASSWORD);
    await expectError(res, 429, "too_many_login_attempts");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    // Nothing changed: the session still works, and the old password is still the password.
    await expectJson(await call("GET", "/api/auth/me", { token: session.accessToken }), 200);
  });

  it("is refused to secret keys", async () => {
    const session = await signUp();
    const project = await expectJson<{ secretKey: { key: string } }>(
      await call("POST", "/api/projects", { token: session.accessToken, body: { name: "App" } }),
      201,
    );
    await expectError(
      await changePassword(project.secretKey.key, PASSWORD),
      403,
      "user_token_required",
    );
  });
});
