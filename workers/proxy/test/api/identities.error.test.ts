import { describe, expect, it } from "vitest";
import { createTier, identityPath, newTenant } from "./fixtures";
import { call, expectError } from "./helpers";

describe("identity input errors", () => {
  it("names the bad field", async () => {
    const t = await newTenant();
    await createTier(t.owner.accessToken, t.project.id, { name: "free" });
    const put = (body: unknown, id = "u1") =>
      call("PUT", identityPath(t.project.id, id), { token: t.secretKey.key, body });
    expect((await expectError(await put({ tier: "gold" }), 400, "unknown_tier")).param).toBe(
      "tier",
    );
    const negative = await expectError(
      await put({
        overrides: [
          { metric: "requests", window: { kind: "rolling", durationMs: 60_000 }, limit: -1 },
        ],
      }),
      400,
    );
    expect(negative.param).toBe("overrides.0.limit");
    const tooLong = await expectError(
      await put({
        overrides: [
          {
            metric: "requests",
            window: { kind: "rolling", durationMs: 40 * 86_400_000 },
            limit: 1,
          },
        ],
      }),
      400,
    );
    expect(tooLong.param).toBe("overrides.0.window.durationMs");
    expect(
      (
        await expectError(
          await put({
            overrides: [{ metric: "bananas", window: { kind: "calendar", unit: "day" }, limit: 1 }],
          }),
          400,
        )
      ).param,
    ).toBe("overrides.0.metric");
    expect((await expectError(await put({ nope: true }), 400)).param).toBe("body");
    expect(await expectError(await put({}, "x".repeat(257)), 400)).toMatchObject({
      param: "path.identity",
      message: "path.identity: identity must be at most 256 characters",
    });
    expect(await expectError(await put({}, "bad\u0007id"), 400)).toMatchObject({
      param: "path.identity",
      message: "path.identity: identity must contain printable characters only",
    });

    const post = (suffix: string, body: unknown) =>
      call("POST", identityPath(t.project.id, "u1", suffix), { token: t.secretKey.key, body });
    expect((await expectError(await post("/gift", { reason: "nothing" }), 400)).param).toBe(
      "requests",
    );
    expect((await expectError(await post("/gift", { requests: 5 }), 400)).param).toBe("reason");
    expect((await expectError(await post("/gift", { requests: -5, reason: "x" }), 400)).param).toBe(
      "requests",
    );
    expect(
      (await expectError(await post("/promo", { unlimitedUntil: "next tuesday" }), 400)).param,
    ).toBe("unlimitedUntil");
    const year = 365 * 86_400_000;
    for (const [unlimitedUntil, message] of [
      [Date.now() - 3_600_000, "unlimitedUntil: must be in the future"],
      ["2001-01-01T00:00:00Z", "unlimitedUntil: must be in the future"],
      [Date.now() + 11 * year, "unlimitedUntil: must be at most 10 years ahead"],
      ["9999-12-31T23:59:59+02:00", "unlimitedUntil: must be at most 10 years ahead"],
    ] as const) {
      const error = await expectError(await post("/promo", { unlimitedUntil }), 400);
      expect(error, String(unlimitedUntil)).toMatchObject({
        code: "invalid_request",
        param: "unlimitedUntil",
        message,
      });
    }
    expect((await expectError(await post("/reset", { metrics: [] }), 400)).param).toBe("metrics");
    expect((await expectError(await post("/reset", { metrics: ["fun"] }), 400)).param).toBe(
      "metrics.0",
    );
    await expectError(await post("/gift", "not json"), 400);

    const bulk = await call("POST", `/api/projects/${t.project.id}/identities/bulk`, {
      token: t.secretKey.key,
      body: { identities: [{ identity: "a" }, { identity: "a" }] },
    });
    expect((await expectError(bulk, 400)).param).toBe("identities.1.identity");
    const unknownTier = await call("POST", `/api/projects/${t.project.id}/identities/bulk`, {
      token: t.secretKey.key,
      body: {
        identities: [
          { identity: "a", tier: "free" },
          { identity: "b", tier: "gold" },
        ],
      },
    });
    expect((await expectError(unknownTier, 400)).param).toBe("identities.1.tier");
    // A misspelt field beside the list is refused, as in every other body, not dropped.
    const misspelt = await call("POST", `/api/projects/${t.project.id}/identities/bulk`, {
      token: t.secretKey.key,
      body: { identities: [{ identity: "a" }], dryRun: true },
    });
    expect((await expectError(misspelt, 400)).param).toBe("body");
    const item = await call("POST", `/api/projects/${t.project.id}/identities/bulk`, {
      token: t.secretKey.key,
      body: { identities: [{ identity: "a", tierr: "free" }] },
    });
    expect((await expectError(item, 400)).param).toBe("identities.0");
    const list = await call("GET", `/api/projects/${t.project.id}/identities?limit=0`, {
      token: t.secretKey.key,
    });
    expect((await expectError(list, 400)).param).toBe("query.limit");
  });
});
