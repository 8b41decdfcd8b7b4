import { describe, expect, it } from "vitest";
import { freeTierTenant, type Tenant } from "../api/fixtures";
import { call, expectError } from "../api/helpers";

/**
 * An admitted call whose provider times out or cannot be reached is answered in the envelope
 * (504, 502) with the same rate-limit headers an answer would have carried.
 */
describe("upstream failures after admission", () => {
  const tenant = (baseUrl: string) =>
    freeTierTenant(
      baseUrl,
      [{ metric: "requests", window: { kind: "calendar", unit: "day" }, limit: 50 }],
      { upstreamTimeoutMs: 1_000 },
    );
  const chat = (t: Tenant, identity: string) =>
    call("POST", "/v1/chat/completions", {
      headers: { "x-project-key": t.publishableKey.key, "x-identity": identity },
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], max_tokens: 5 },
    });
  const expectLimitHeaders = (res: Response) => {
    expect(res.headers.get("x-ratelimit-limit-requests")).toBe("50");
    expect(res.headers.get("x-ratelimit-remaining-requests")).toBe("49");
    expect(res.headers.get("x-ratelimit-reset-requests")).toMatch(
      /^(\d+h)?(\d+m)?(\d+(\.\d+)?s|\d+ms)$/,
    );
  };

  it("answers a timeout 504 with the rate-limit headers", async () => {
    const t = await tenant("binding://GATEWAY_ECHO/delay/1500/v1");
    const res = await chat(t, "slow");
    expectLimitHeaders(res);
    await expectError(res, 504, "upstream_timeout");
  });

  it("answers an unreachable provider 502 with the rate-limit headers", async () => {
    const t = await tenant("binding://NO_SUCH_ORIGIN/v1");
    const res = await chat(t, "gone");
    expectLimitHeaders(res);
    await expectError(res, 502, "upstream_unreachable");
  });
});
