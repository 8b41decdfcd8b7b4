import { describe, expect, it } from "vitest";
import { call, openai, postJson } from "./helpers";

interface Stats {
  requests: number;
  byPath: Record<string, number>;
}

async function stats(): Promise<Stats> {
  return (await call("/__mock/stats")).json() as Promise<Stats>;
}

describe("/__mock/stats and /__mock/reset", () => {
  it("counts requests that reached the origin, by path, until reset", async () => {
    const reset = await call("/__mock/reset", { method: "POST" });
    expect(await reset.json()).toEqual({ requests: 0, byPath: {} });

    const probe = "/v1/stats-probe";
    await call(probe);
    await postJson(probe, {});
    await postJson("/v1/chat/completions", { model: "m" }, { "x-mock-status": "500" });
    await openai().models.retrieve("gpt-4o");
    await call("/health");

    const after = await stats();
    expect(after.byPath[probe]).toBe(2);
    expect(after.byPath["/v1/chat/completions"]).toBeGreaterThanOrEqual(1);
    expect(after.byPath["/v1/models/gpt-4o"]).toBeGreaterThanOrEqual(1);
    expect(after.byPath["/health"]).toBeUndefined();
    expect(after.byPath["/__mock/stats"]).toBeUndefined();
    expect(after.requests).toBe(Object.values(after.byPath).reduce((a, b) => a + b, 0));
    expect(after.requests).toBeGreaterThanOrEqual(4);

    await call("/__mock/reset", { method: "POST" });
    expect((await stats()).byPath[probe]).toBeUndefined();
  });
});

describe("GET /health", () => {
  it("answers ok", async () => {
    const res = await call("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });
});
