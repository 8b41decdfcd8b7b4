import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Tenant } from "../api/fixtures";
import { call, expectJson } from "../api/helpers";
import { meteredTenant, used } from "./metered-tenant";

/** Bytes of the large answers: well past the 8 MiB the proxy holds of a whole answer. */
const largeBytes = 20_000_000;
/** Pieces of 64 KiB the mock sends before a cut: past 8 MiB, short of the whole. */
const piecesBeforeCut = "200";
const idleMs = 1_000;

interface Completion {
  choices: { message: { content: string } }[];
  usage: { prompt_tokens: number; completion_tokens: number };
}

/** Reads a body to its end or its failure: the bytes that came, and whether it failed. */
async function received(res: Response): Promise<{ bytes: number; failed: boolean }> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  let bytes = 0;
  for (;;) {
    const next = await reader.read().catch(() => null);
    if (!next) return { bytes, failed: true };
    if (next.done) return { bytes, failed: false };
    bytes += next.value.byteLength;
  }
}

/**
 * A whole (not streamed) answer too large to hold is passed on as it comes — every byte of it,
 * metered from the usage read on the way — and a large one the provider breaks off or stops
 * sending still reaches the client as far as it went, counted at its estimate.
 */
describe("whole answers larger than the proxy holds", () => {
  let t: Tenant;
  let stalling: Tenant;
  beforeAll(async () => {
    t = await meteredTenant("binding://MOCK_ORIGIN/v1");
    stalling = await meteredTenant("binding://MOCK_ORIGIN/v1", { upstreamIdleTimeoutMs: idleMs });
  });
  const chat = (tenant: Tenant, identity: string, knobs: Record<string, string>) =>
    call("POST", "/v1/chat/completions", {
      headers: { "x-project-key": tenant.publishableKey.key, "x-identity": identity, ...knobs },
      // The estimate (500 tokens of answer) is far from what the mock reports (12).
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], max_tokens: 500 },
    });

  it("passes every byte of a 20 MB answer on and counts the provider's usage, not the estimate", async () => {
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const res = await chat(t, "large-whole", { "x-mock-pad-bytes": String(largeBytes) });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(res.headers.get("x-ratelimit-limit-requests")).toBe("1000000");
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(bytes.byteLength).toBe(largeBytes);
      const answer = JSON.parse(new TextDecoder().decode(bytes)) as Completion;
      const content = answer.choices[0]?.message.content ?? "";
      expect(content.slice(0, 11)).toBe("Mock reply ");
      expect(content.length).toBeGreaterThan(largeBytes - 1_000);
      const { prompt_tokens, completion_tokens } = answer.usage;
      expect(completion_tokens).toBe(12);
      expect(await used(t, "large-whole")).toEqual({
        requests: 1,
        tokens: prompt_tokens + completion_tokens,
      });

      const logged = warnings.mock.calls.map(([line]) => JSON.parse(String(line)));
      expect(logged).toEqual([
        {
          level: "warn",
          msg: "whole answer too large to hold, streamed",
          requestId: res.headers.get("x-request-id"),
          projectId: t.project.id,
          path: "/chat/completions",
          bytesRead: expect.any(Number),
        },
      ]);
      expect(logged[0].bytesRead).toBeGreaterThan(8 * 1024 * 1024);
    } finally {
      warnings.mockRestore();
    }
  });

  it("still holds and meters an answer under the limit whole", async () => {
    const res = await chat(t, "large-under", { "x-mock-pad-bytes": "1000000" });
    const answer = await expectJson<Completion>(res, 200);
    const { prompt_tokens, completion_tokens } = answer.usage;
    expect(await used(t, "large-under")).toEqual({
      requests: 1,
      tokens: prompt_tokens + completion_tokens,
    });
  });

  it("passes a large answer cut midway on as far as it came, and keeps the estimate counted", async () => {
    const res = await chat(t, "large-cut", {
      "x-mock-pad-bytes": String(largeBytes),
      "x-mock-cut-after": piecesBeforeCut,
    });
    expect(res.status).toBe(200);
    const { bytes, failed } = await received(res);
    expect(failed).toBe(true);
    expect(bytes).toBeGreaterThan(8 * 1024 * 1024);
    expect(bytes).toBeLessThan(largeBytes);
    const after = await used(t, "large-cut");
    expect(after.requests).toBe(1);
    expect(after.tokens).toBeGreaterThanOrEqual(500);
  });

  it("ends a large answer whose provider stops sending after the idle timeout, keeping the estimate", async () => {
    const startedAt = Date.now();
    const res = await chat(stalling, "large-stall", {
      "x-mock-pad-bytes": String(largeBytes),
      "x-mock-cut-after": piecesBeforeCut,
      "x-mock-cut-mode": "stall",
    });
    expect(res.status).toBe(200);
    const { bytes, failed } = await received(res);
    expect(failed).toBe(true);
    expect(bytes).toBeGreaterThan(8 * 1024 * 1024);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(idleMs - 50);
    const after = await used(stalling, "large-stall");
    expect(after.requests).toBe(1);
    expect(after.tokens).toBeGreaterThanOrEqual(500);
  });
});
