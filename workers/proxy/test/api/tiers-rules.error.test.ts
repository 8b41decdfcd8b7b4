import { describe, expect, it } from "vitest";
import { createRule, createTier, newTenant } from "./fixtures";
import { call, expectError, expectJson } from "./helpers";

const minute = { kind: "rolling", durationMs: 60_000 };

describe("tier and rule validation", () => {
  it("rejects nonsense rules with field-level messages", async () => {
    const t = await newTenant();
    const token = t.owner.accessToken;
    await createTier(token, t.project.id, { name: "free" });
    const post = (body: unknown) =>
      call("POST", `/api/projects/${t.project.id}/rules`, { token, body });
    const cases: [unknown, string][] = [
      [{ metric: "requests", window: minute, limit: -1 }, "limit"],
      [{ metric: "requests", window: minute, limit: 1.5 }, "limit"],
      [
        { metric: "requests", window: { kind: "rolling", durationMs: 0 }, limit: 1 },
        "window.durationMs",
      ],
      [
        { metric: "requests", window: { kind: "rolling", durationMs: 500 }, limit: 1 },
        "window.durationMs",
      ],
      [
        { metric: "requests", window: { kind: "rolling", durationMs: 365 * 86_400_000 }, limit: 1 },
        "window.durationMs",
      ],
      [
        { metric: "requests", window: { kind: "calendar", unit: "fortnight" }, limit: 1 },
        "window.unit",
      ],
      [
        {
          metric: "requests",
          window: { kind: "calendar", unit: "day", timeZone: "Mars/Olympus" },
          limit: 1,
        },
        "window.timeZone",
      ],
      [{ metric: "requests", window: { kind: "sometimes" }, limit: 1 }, "window.kind"],
      [{ metric: "vibes", window: minute, limit: 1 }, "metric"],
      [{ metric: "requests", window: minute }, "limit"],
      [{ metric: "requests", window: minute, limit: 1, modelPattern: "gpt 4" }, "modelPattern"],
      [{ metric: "requests", window: minute, limit: 1, extra: true }, "body"],
    ];
    for (const [body, param] of cases) {
      const error = await expectError(await post(body), 400);
      expect(error.param, JSON.stringify(body)).toBe(param);
      expect(error.errors).toEqual(expect.arrayContaining([expect.objectContaining({ param })]));
    }
    const unknownTier = await expectError(
      await post({ tier: "gold", metric: "requests", window: minute, limit: 1 }),
      400,
      "unknown_tier",
    );
    expect(unknownTier.param).toBe("tier");
  });

  it("rejects a duplicate rule (same tier, model, metric and window) with 409", async () => {
    const t = await newTenant();
    const token = t.owner.accessToken;
    await createTier(token, t.project.id, { name: "free" });
    const body = { tier: "free", metric: "requests", window: minute, limit: 5 };
    const rule = await createRule(token, t.project.id, body);
    const dup = await expectError(
      await call("POST", `/api/projects/${t.project.id}/rules`, {
        token,
        body: { ...body, limit: 9 },
      }),
      409,
      "duplicate_rule",
    );
    expect(dup.param).toBe("window");
    // Same metric and window for another scope is fine; moving a rule onto another's slot is not.
    const other = await createRule(token, t.project.id, {
      metric: "requests",
      window: minute,
      limit: 50,
    });
    await expectError(
      await call("PATCH", `/api/projects/${t.project.id}/rules/${other.id}`, {
        token,
        body: { tier: "free" },
      }),
      409,
      "duplicate_rule",
    );
    await expectError(
      await call("PATCH", `/api/projects/${t.project.id}/rules/${rule.id}`, {
        token,
        body: { limit: -3 },
      }),
      400,
    );
    await expectError(
      await call("PATCH", `/api/projects/${t.project.id}/rules/rule_nope`, {
        token,
        body: { limit: 3 },
      }),
      404,
      "rule_not_found",
    );
    await expectError(
      await call("DELETE", `/api/projects/${t.project.id}/rules/rule_nope`, { token }),
      404,
      "rule_not_found",
    );
  });

  it("treats another spelling of a rule's time zone as the same window", async () => {
    const t = await newTenant();
    const token = t.owner.accessToken;
    const post = (timeZone: string, limit: number) =>
      call("POST", `/api/projects/${t.project.id}/rules`, {
        token,
        body: { metric: "requests", window: { kind: "calendar", unit: "day", timeZone }, limit },
      });
    const paris = await expectJson<{ window: { timeZone: string } }>(
      await post("europe/paris", 5),
      201,
    );
    expect(paris.window.timeZone).toBe("Europe/Paris");
    await expectError(await post("Europe/Paris", 50), 409, "duplicate_rule");
    await expectJson(await post("UTC", 5), 201);
    await expectError(await post("Etc/UTC", 50), 409, "duplicate_rule");
  });

  it("rejects bad tiers", async () => {
    const t = await newTenant();
    const token = t.owner.accessToken;
    const post = (body: unknown) =>
      call("POST", `/api/projects/${t.project.id}/tiers`, { token, body });
    expect((await expectError(await post({ name: "has space" }), 400)).param).toBe("name");
    expect((await expectError(await post({ name: "x".repeat(65) }), 400)).param).toBe("name");
    expect((await expectError(await post({ name: "ok", position: -1 }), 400)).param).toBe(
      "position",
    );
    await createTier(token, t.project.id, { name: "free" });
    await expectError(await post({ name: "free" }), 409, "duplicate_tier");
    const tier = await createTier(token, t.project.id, { name: "pro" });
    expect(
      (
        await expectError(
          await call("PATCH", `/api/projects/${t.project.id}/tiers/${tier.id}`, {
            token,
            body: { name: "renamed" },
          }),
          400,
        )
      ).param,
    ).toBe("body");
    await expectError(
      await call("PATCH", `/api/projects/${t.project.id}/tiers/tier_nope`, { token, body: {} }),
      404,
      "tier_not_found",
    );
    await call("POST", `/api/projects/${t.project.id}/api-keys`, {
      token,
      body: { name: "k", tier: "pro" },
    });
    await expectError(
      await call("DELETE", `/api/projects/${t.project.id}/tiers/${tier.id}`, { token }),
      409,
      "tier_in_use",
    );
  });

  it("rejects invalid project settings field by field", async () => {
    const t = await newTenant();
    const patch = (settings: unknown) =>
      call("PATCH", `/api/projects/${t.project.id}`, {
        token: t.owner.accessToken,
        body: { settings },
      });
    const cases: [unknown, string][] = [
      [{ timeZone: "Nowhere/Land" }, "settings.timeZone"],
      [{ warningThreshold: 1.5 }, "settings.warningThreshold"],
      [{ upstreamTimeoutMs: 10 }, "settings.upstreamTimeoutMs"],
      [{ upgradeUrl: "not a url" }, "settings.upgradeUrl"],
      [{ routes: [{ provider: "custom" }] }, "settings.routes.0.baseUrl"],
      [{ gatewayOrigin: "ftp://x" }, "settings.gatewayOrigin"],
      [{ allowClientTier: "yes" }, "settings.allowClientTier"],
    ];
    for (const [settings, param] of cases) {
      expect((await expectError(await patch(settings), 400)).param, JSON.stringify(settings)).toBe(
        param,
      );
    }
    // A base URL the endpoint path cannot be joined onto, or one that carries a key in the clear.
    const urlCases: [unknown, string, string][] = [
      [
        { routes: [{ provider: "custom", baseUrl: "https://llm.example.com/v1#x" }] },
        "settings.routes.0.baseUrl",
        "#fragment",
      ],
      [
        { routes: [{ provider: "openai", baseUrl: "https://user:sk-secret@llm.example.com/v1" }] },
        "settings.routes.0.baseUrl",
        "credentials",
      ],
      [{ gatewayOrigin: "https://api.example.com/#top" }, "settings.gatewayOrigin", "#fragment"],
    ];
    for (const [settings, param, problem] of urlCases) {
      const error = await expectError(await patch(settings), 400);
      expect(error.param, JSON.stringify(settings)).toBe(param);
      expect(error.message).toContain(problem);
      expect(error.message).not.toContain("sk-secret");
    }
    expect(
      (
        await expectError(
          await call("PATCH", `/api/projects/${t.project.id}`, {
            token: t.owner.accessToken,
            body: { slug: "Not OK" },
          }),
          400,
        )
      ).param,
    ).toBe("slug");
  });
});
