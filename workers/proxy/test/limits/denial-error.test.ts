import { projectSettingsSchema } from "@floodgate/contracts";
import type { Decision, RuleUsage } from "@floodgate/ratelimit";
import { describe, expect, it } from "vitest";
import { denialError } from "../../src/limits/denial-error";

const nowMs = Date.UTC(2026, 10, 24, 12, 0, 0);
const settings = projectSettingsSchema.parse({});

function deniedBy(rule: Omit<RuleUsage, "remaining" | "requested">, retryAfterMs: number | null) {
  const usage: RuleUsage = { ...rule, remaining: 0, requested: 1 };
  const decision: Decision = {
    allowed: false,
    reason: "limit",
    promo: false,
    rules: [usage],
    blockedBy: usage,
    retryAfterMs,
    reservation: null,
  };
  return denialError(decision, { settings, identity: "u1", tier: null, model: null, nowMs });
}

const perMinute = {
  id: "per-minute",
  metric: "requests" as const,
  window: { kind: "rolling" as const, durationMs: 60_000 },
  limit: 10,
  used: 10,
  resetAt: nowMs + 61_000,
};

const perHour = {
  ...perMinute,
  id: "per-hour",
  window: { kind: "rolling" as const, durationMs: 3_600_000 },
};

describe("denialError", () => {
  it("answers a per-minute limit as a rate limit the SDK retries after retry-after-ms", () => {
    const err = deniedBy(perMinute, 59_400);
    expect(err.status).toBe(429);
    expect(err).toMatchObject({ type: "rate_limit_exceeded", code: "limit_exceeded" });
    expect(err.headers).toMatchObject({
      "x-should-retry": "true",
      "retry-after-ms": "59400",
      "retry-after": "60",
    });
  });

  it("keeps a burst on a per-minute limit retryable though it frees up to a sub-bucket after 60 s", () => {
    // Hit in a burst, a minute counted in 1 s buckets frees after 60–61 s. The SDK backs off on
    // its own for a wait over 60 s, meets a 429 whose wait is then under 60 s, and waits that out.
    const err = deniedBy(perMinute, 60_600);
    expect(err).toMatchObject({ type: "rate_limit_exceeded", code: "limit_exceeded" });
    expect(err.headers).toMatchObject({
      "x-should-retry": "true",
      "retry-after-ms": "60600",
      "retry-after": "61",
    });
  });

  it("answers a longer window as quota once it frees later than a minute, and as a rate limit sooner", () => {
    const later = deniedBy(perHour, 20 * 60_000);
    expect(later).toMatchObject({ type: "insufficient_quota", code: "quota_exceeded" });
    expect(later.headers).toMatchObject({ "x-should-retry": "false", "retry-after": "1200" });
    const soon = deniedBy(perHour, 5_000);
    expect(soon).toMatchObject({ type: "rate_limit_exceeded", code: "limit_exceeded" });
    expect(soon.headers).toMatchObject({ "x-should-retry": "true", "retry-after-ms": "5000" });
  });

  it("answers a day's quota as quota, not to retry, with the wait until the period ends", () => {
    const day = {
      id: "per-day",
      metric: "requests" as const,
      window: { kind: "calendar" as const, unit: "day" as const },
      limit: 3,
      used: 3,
      resetAt: nowMs + 12 * 3_600_000,
    };
    const err = deniedBy(day, 12 * 3_600_000);
    expect(err).toMatchObject({ type: "insufficient_quota", code: "quota_exceeded" });
    expect(err.headers).toMatchObject({ "x-should-retry": "false", "retry-after": "43200" });
    expect(err.message).toContain("Quota exceeded: 3/3 requests");
  });
});
