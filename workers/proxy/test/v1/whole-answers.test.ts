import { beforeAll, describe, expect, it } from "vitest";
import type { Tenant } from "../api/fixtures";
import { call, expectError, expectJson } from "../api/helpers";
import { meteredTenant, used } from "./metered-tenant";

/**
 * A whole (not streamed) answer is read once by the proxy: metered from its `usage` whether or
 * not the caller reads it, and answered with a clean 502 when the provider breaks it off.
 */
describe("whole answers", () => {
  const chat = (t: Tenant, identity: string) =>
    call("POST", "/v1/chat/completions", {
      headers: { "x-project-key": t.publishableKey.key, "x-identity": identity },
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], max_tokens: 50 },
    });
  let metered: Tenant;
  let cut: Tenant;
  beforeAll(async () => {
    metered = await meteredTenant("binding://GATEWAY_ECHO/usage/7/5/v1");
    cut = await meteredTenant("binding://GATEWAY_ECHO/cut/v1");
  });

  it("counts the provider's usage, also when the caller never reads the answer", async () => {
    const read = await chat(metered, "whole-read");
    const body = await expectJson<{ usage: { prompt_tokens: number } }>(read, 200);
    expect(body.usage.prompt_tokens).toBe(7);
    expect(read.headers.get("x-ratelimit-remaining-requests")).toBe("999999");
    expect(await used(metered, "whole-read")).toEqual({ requests: 1, tokens: 12 });

    const unread = await chat(metered, "whole-unread");
    expect(unread.status).toBe(200);
    await unread.body?.cancel();
    expect(await used(metered, "whole-unread")).toEqual({ requests: 1, tokens: 12 });
  });

  it("answers 502 in the envelope when the answer is cut off, and keeps the estimate counted", async () => {
    const res = await chat(cut, "whole-cut");
    const error = await expectError(res, 502, "upstream_error");
    expect(error.message).toContain("cut off");
    expect(res.headers.get("x-ratelimit-limit-requests")).toBe("1000000");
    const after = await used(cut, "whole-cut");
    expect(after.requests).toBe(1);
    // The estimate: the prompt's share plus the 50 tokens the request allows for the answer.
    expect(after.tokens).toBeGreaterThanOrEqual(50);
  });
});
