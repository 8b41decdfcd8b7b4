import { describe, expect, it } from "vitest";
import {
  checkInput,
  freshIdentity,
  noTier,
  oneRequest,
  perDay,
  projectId,
  rulesText,
  stub,
} from "./helpers";

/** A snapshot of everything the object knows, to prove a rejected call changed nothing. */
async function snapshot(identity: string) {
  const s = stub(identity);
  const described = await s.describe({
    projectId,
    identity,
    rules: rulesText([perDay(10)]),
    model: null,
    tier: noTier,
  });
  if (!described.ok) throw new Error("describe failed");
  return { identity: described.identity, usage: described.usage.map((u) => u.used) };
}

describe("LimiterDO rejects bad input with a typed error and changes nothing", () => {
  const badRule = (patch: Record<string, unknown>) => ({ ...perDay(10), ...patch });
  const identity = freshIdentity("bad-input");
  const owner = { projectId, identity };

  const cases: [string, (s: ReturnType<typeof stub>) => Promise<unknown>, string][] = [
    [
      "check: negative cost",
      (s) =>
        s.check(checkInput(identity, [perDay(10)], { cost: { ...oneRequest, inputTokens: -5 } })),
      "cost.inputTokens",
    ],
    [
      "check: fractional cost",
      (s) =>
        s.check(checkInput(identity, [perDay(10)], { cost: { ...oneRequest, requests: 0.5 } })),
      "cost.requests",
    ],
    [
      "check: unknown metric",
      (s) => s.check(checkInput(identity, [badRule({ metric: "vibes" }) as never])),
      "rules.0.metric",
    ],
    [
      "check: window 0",
      (s) =>
        s.check(
          checkInput(identity, [badRule({ window: { kind: "rolling", durationMs: 0 } }) as never]),
        ),
      "rules.0.window.durationMs",
    ],
    [
      "check: absurd duration",
      (s) =>
        s.check(
          checkInput(identity, [
            badRule({ window: { kind: "rolling", durationMs: 400 * 86_400_000 } }) as never,
          ]),
        ),
      "rules.0.window.durationMs",
    ],
    [
      "check: negative limit",
      (s) => s.check(checkInput(identity, [badRule({ limit: -1 }) as never])),
      "rules.0.limit",
    ],
    [
      "check: bad time zone",
      (s) =>
        s.check(
          checkInput(identity, [
            badRule({
              window: { kind: "calendar", unit: "day", timeZone: "Mars/Olympus" },
            }) as never,
          ]),
        ),
      "rules.0.window.timeZone",
    ],
    [
      "check: identity with control characters",
      (s) => s.check({ ...checkInput(identity, [perDay(10)]), identity: "a\u0007b" }),
      "identity",
    ],
    [
      "settle: negative cost",
      (s) =>
        s.settle({
          ...owner,
          reservationId: "x",
          model: null,
          cost: { ...oneRequest, outputTokens: -1 },
        }),
      "cost.outputTokens",
    ],
    [
      "settle: negative latency",
      (s) =>
        s.settle({ ...owner, reservationId: "x", model: null, cost: oneRequest, latencyMs: -1 }),
      "latencyMs",
    ],
    [
      "settle: fractional latency",
      (s) =>
        s.settle({ ...owner, reservationId: "x", model: null, cost: oneRequest, latencyMs: 1.5 }),
      "latencyMs",
    ],
    [
      "refund: latency over an hour",
      (s) => s.refund({ ...owner, reservationId: "x", latencyMs: 3_600_001 }),
      "latencyMs",
    ],
    [
      "refund: upstreamError not a boolean",
      (s) => s.refund({ ...owner, reservationId: "x", upstreamError: "yes" as never }),
      "upstreamError",
    ],
    [
      "refund: empty reservation id",
      (s) => s.refund({ ...owner, reservationId: "" }),
      "reservationId",
    ],
    [
      "peek: unknown metric",
      (s) =>
        s.peek({
          ...owner,
          rules: rulesText([badRule({ metric: "x" }) as never]),
          model: null,
          tier: noTier,
        }),
      "rules.0.metric",
    ],
    [
      "configure: bad override window",
      (s) =>
        s.configure({
          ...owner,
          overrides: [badRule({ window: { kind: "calendar", unit: "fortnight" } }) as never],
        }),
      "overrides.0.window.unit",
    ],
    ["configure: bad tier name", (s) => s.configure({ ...owner, tier: "has spaces" }), "tier"],
    ["gift: negative requests", (s) => s.gift({ ...owner, requests: -3 }), "requests"],
    ["gift: nothing", (s) => s.gift({ ...owner }), ""],
    ["promo: negative date", (s) => s.promo({ ...owner, unlimitedUntil: -1 }), "unlimitedUntil"],
    [
      "reset: unknown metric",
      (s) => s.reset({ ...owner, metrics: ["vibes" as never] }),
      "metrics.0",
    ],
    ["reset: no metrics", (s) => s.reset({ ...owner, metrics: [] }), "metrics"],
    [
      "setDisabled: not a boolean",
      (s) => s.setDisabled({ ...owner, disabled: "yes" as never }),
      "disabled",
    ],
    [
      "describe: bad rule",
      (s) => s.describe({ ...owner, rules: rulesText([badRule({ limit: "many" }) as never]) }),
      "rules.0.limit",
    ],
    [
      "check: rules not JSON",
      (s) => s.check({ ...checkInput(identity, []), rules: "[{" }),
      "rules",
    ],
    [
      "peek: rules not a list",
      (s) => s.peek({ ...owner, rules: '{"id":"x"}', model: null, tier: noTier }),
      "rules",
    ],
  ];

  it.each(cases)("%s", async (_name, call, path) => {
    const s = stub(identity);
    await s.check(checkInput(identity, [perDay(10)]));
    const before = await snapshot(identity);
    const result = (await call(s)) as {
      ok: boolean;
      error?: { code: string; issues: { path: string }[] };
    };
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe("invalid_input");
    if (path) expect(result.error?.issues.map((i) => i.path)).toContain(path);
    expect(await snapshot(identity)).toEqual(before);
  });
});
