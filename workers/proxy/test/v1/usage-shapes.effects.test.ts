import { beforeAll, describe, expect, it } from "vitest";
import type { Tenant } from "../api/fixtures";
import { call } from "../api/helpers";
import { meteredTenant, used } from "./metered-tenant";

const usageChunk = (usage: Record<string, unknown>) => ({ choices: [], usage });

/**
 * Providers report a chat call's reasoning tokens in two ways: inside `completion_tokens`
 * (OpenAI: `total_tokens` = prompt + completion) or beside it (xAI: `total_tokens` = prompt +
 * completion + reasoning). Either way the reasoning is output the call produced and counts.
 */
describe("usage in other providers' shapes", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await meteredTenant("binding://GATEWAY_ECHO/replay/v1");
  });
  const streamed = async (identity: string, usage: Record<string, unknown>) => {
    const res = await call("POST", "/v1/chat/completions", {
      headers: { "x-project-key": t.publishableKey.key, "x-identity": identity },
      body: {
        model: "grok-3-mini",
        stream: true,
        messages: [{ role: "user", content: "hi" }],
        replay_events: [{ choices: [{ delta: { content: "ok" } }] }, usageChunk(usage)],
      },
    });
    expect(res.status).toBe(200);
    await res.text();
  };

  it("counts reasoning tokens reported beside completion_tokens (xAI)", async () => {
    await streamed("reasoning-beside", {
      prompt_tokens: 10,
      completion_tokens: 2,
      total_tokens: 412,
      completion_tokens_details: { reasoning_tokens: 400 },
    });
    expect(await used(t, "reasoning-beside")).toEqual({ requests: 1, tokens: 412 });
  });

  it("counts reasoning tokens reported inside completion_tokens once (OpenAI)", async () => {
    await streamed("reasoning-inside", {
      prompt_tokens: 10,
      completion_tokens: 402,
      total_tokens: 412,
      completion_tokens_details: { reasoning_tokens: 400 },
    });
    expect(await used(t, "reasoning-inside")).toEqual({ requests: 1, tokens: 412 });
  });
});
