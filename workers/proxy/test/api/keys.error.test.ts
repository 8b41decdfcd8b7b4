import { describe, expect, it } from "vitest";
import { newTenant } from "./fixtures";
import { call, expectError } from "./helpers";

describe("project key and secret errors", () => {
  it("refuses to revoke a publishable key, unknown keys and bad provider input", async () => {
    const t = await newTenant();
    const token = t.owner.accessToken;
    const base = `/api/projects/${t.project.id}`;
    const pk = await call("GET", `${base}/keys`, { token }).then(
      (r) => r.json() as Promise<{ keys: { id: string; kind: string }[] }>,
    );
    const publishable = pk.keys.find((k) => k.kind === "publishable");
    expect(
      (
        await expectError(
          await call("POST", `${base}/keys/${publishable?.id}/revoke`, { token }),
          400,
          "not_a_secret_key",
        )
      ).param,
    ).toBe("keyId");
    await expectError(
      await call("POST", `${base}/keys/key_nope/revoke`, { token }),
      404,
      "key_not_found",
    );
    expect(
      (
        await expectError(
          await call("PUT", `${base}/provider-keys/acme`, {
            token,
            body: { apiKey: "sk-long-enough-key" },
          }),
          400,
        )
      ).param,
    ).toBe("path.provider");
    expect(
      (
        await expectError(
          await call("PUT", `${base}/provider-keys/pool`, {
            token,
            body: { apiKey: "sk-long-enough-key" },
          }),
          400,
        )
      ).param,
    ).toBe("path.provider");
    expect(
      (
        await expectError(
          await call("PUT", `${base}/provider-keys/openai`, { token, body: { apiKey: "short" } }),
          400,
        )
      ).param,
    ).toBe("apiKey");
    expect(
      (
        await expectError(
          await call("PUT", `${base}/provider-keys/openai`, {
            token,
            body: { apiKey: "has spaces in it" },
          }),
          400,
        )
      ).param,
    ).toBe("apiKey");
    await expectError(
      await call("DELETE", `${base}/provider-keys/anthropic`, { token }),
      404,
      "provider_key_not_found",
    );
  });
});
