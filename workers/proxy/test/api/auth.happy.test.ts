import { describe, expect, it } from "vitest";
import { call, expectJson, PASSWORD, signIn, signUp, uniqueEmail } from "./helpers";

describe("accounts", () => {
  it("registers, signs in with a normalized e-mail and reads /me", async () => {
    const email = uniqueEmail("Mixed");
    const registered = await signUp(`  ${email.toUpperCase()} `);
    expect(registered.user.email).toBe(email.toLowerCase());
    const session = await signIn(email.toUpperCase());
    const me = await expectJson(
      await call("GET", "/api/auth/me", { token: session.accessToken }),
      200,
    );
    expect(me).toMatchObject({
      id: registered.user.id,
      email: email.toLowerCase(),
      isAdmin: false,
    });
  });

  it("rotates the refresh token on every use", async () => {
    const session = await signUp();
    const next = await expectJson<{ refreshToken: string; accessToken: string }>(
      await call("POST", "/api/auth/refresh", { body: { refreshToken: session.refreshToken } }),
      200,
    );
    expect(next.refreshToken).not.toBe(session.refreshToken);
    expect((await call("GET", "/api/auth/me", { token: next.accessToken })).status).toBe(200);
    const again = await expectJson<{ refreshToken: string }>(
      await call("POST", "/api/auth/refresh", { body: { refreshToken: next.refreshToken } }),
      200,
    );
    expect(again.refreshToken).not.toBe(next.refreshToken);
  });

  it("logs out: the session's access tokens stop working", async () => {
    const session = await signUp();
    expect((await call("GET", "/api/auth/me", { token: session.accessToken })).status).toBe(200);
    const res = await call("POST", "/api/auth/logout", {
      body: { refreshToken: session.refreshToken },
    });
    expect(res.status).toBe(204);
    expect((await call("GET", "/api/auth/me", { token: session.accessToken })).status).toBe(401);
  });

  it("recognizes admins from ADMIN_EMAILS", async () => {
    const session = await expectJson<{ user: { isAdmin: boolean } }>(
      await call("POST", "/api/auth/register", {
        body: { email: "Admin@Floodgate.test", password: PASSWORD },
      }),
      201,
    );
    expect(session.user.isAdmin).toBe(true);
  });
});
