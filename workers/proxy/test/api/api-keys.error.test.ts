import { describe, expect, it } from "vitest";
import { createTier, newTenant } from "./fixtures";
import { call, expectError } from "./helpers";

describe("consumer API key errors", () => {
  it("rejects unknown tiers, past expiries and unknown keys", async () => {
    const t = await newTenant();
    const token = t.owner.accessToken;
    await createTier(token, t.project.id, { name: "free" });
    const base = `/api/projects/${t.project.id}/api-keys`;
    const post = (body: unknown) => call("POST", base, { token, body });
    expect(
      (await expectError(await post({ name: "k", tier: "gold" }), 400, "unknown_tier")).param,
    ).toBe("tier");
    expect(
      (
        await expectError(
          await post({ name: "k", tier: "free", expiresAt: Date.now() - 1000 }),
          400,
        )
      ).param,
    ).toBe("expiresAt");
    expect(
      (await expectError(await post({ name: "k", tier: "free", expiresAt: "whenever" }), 400))
        .param,
    ).toBe("expiresAt");
    expect((await expectError(await post({ name: "", tier: "free" }), 400)).param).toBe("name");
    expect((await expectError(await post({ tier: "free" }), 400)).param).toBe("name");
    expect(
      (await expectError(await post({ name: "k", tier: "free", identity: "bad\u0000id" }), 400))
        .param,
    ).toBe("identity");
    expect(
      (await expectError(await call("GET", `${base}?status=lost`, { token }), 400)).param,
    ).toBe("query.status");
    for (const suffix of ["/block", "/unblock", "/revoke"]) {
      await expectError(
        await call("POST", `${base}/ak_nope${suffix}`, { token }),
        404,
        "api_key_not_found",
      );
    }
    await expectError(
      await call("PATCH", `${base}/ak_nope`, { token, body: { name: "x" } }),
      404,
      "api_key_not_found",
    );
  });
});
