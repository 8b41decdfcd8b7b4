import { describe, expect, it } from "vitest";
import { call, expectError, PASSWORD, signUp, uniqueEmail } from "./helpers";

describe("account errors", () => {
  it("rejects a duplicate registration (after normalizing) with 409", async () => {
    const email = uniqueEmail("dup");
    await signUp(email);
    const again = await call("POST", "/api/auth/register", {
      body: { email: `  ${email.toUpperCase()}`, password: PASSWORD },
    });
    expect((await expectError(again, 409, "email_taken")).param).toBe("email");
  });

  it("names the bad field of a registration", async () => {
    const post = (body: unknown) => call("POST", "/api/auth/register", { body });
    expect(
      (await expectError(await post({ email: "not-an-email", password: PASSWORD }), 400)).param,
    ).toBe("email");
    expect(
      (await expectError(await post({ email: uniqueEmail(), password: "short" }), 400)).param,
    ).toBe("password");
    expect((await expectError(await post({ email: uniqueEmail() }), 400)).param).toBe("password");
    await expectError(await post("{not json"), 400);
    await expectError(
      await call("POST", "/api/auth/register", {
        rawBody: "x",
        headers: { "content-type": "text/plain" },
      }),
      400,
    );
  });

  it("answers 401 to a wrong password and to an unknown e-mail alike", async () => {
    const session = await signUp();
    const wrong = await expectError(
      await call("POST", "/api/auth/login", {
        body: { email: session.user.email, password: "wrong password!" },
        headers: { "cf-connecting-ip": "10.0.0.1" },
      }),
      401,
      "invalid_credentials",
    );
    const unknown = await expectError(
      await call("POST", "/api/auth/login", {
        body: { email: uniqueEmail("ghost"), password: "wrong password!" },
        headers: { "cf-connecting-ip": "10.0.0.1" },
      }),
      401,
      "invalid_credentials",
    );
    expect(unknown.message).toBe(wrong.message);
  });

  it("answers 401 to unknown refresh tokens and 400 to missing ones", async () => {
    await expectError(
      await call("POST", "/api/auth/refresh", { body: { refreshToken: "rt_nope" } }),
      401,
      "invalid_refresh_token",
    );
    await expectError(await call("POST", "/api/auth/refresh", { body: {} }), 400);
    await expectError(await call("POST", "/api/auth/logout", { body: {} }), 400);
    expect(
      (await call("POST", "/api/auth/logout", { body: { refreshToken: "rt_nope" } })).status,
    ).toBe(204);
  });
});
