import { describe, expect, it } from "vitest";
import { newTenant } from "./fixtures";
import { call, expectError } from "./helpers";

describe("usage and billing input errors", () => {
  it("rejects bad periods and parameters", async () => {
    const t = await newTenant();
    const get = (path: string) =>
      call("GET", `/api/projects/${t.project.id}${path}`, { token: t.secretKey.key });
    expect((await expectError(await get("/usage/summary?from=yesterday"), 400)).param).toBe(
      "query.from",
    );
    expect((await expectError(await get("/usage/summary?from=2000&to=1000"), 400)).param).toBe(
      "query.from",
    );
    expect(
      (await expectError(await get(`/usage/summary?from=0&to=${500 * 86_400_000}`), 400)).param,
    ).toBe("query.from");
    expect((await expectError(await get("/usage/timeseries?bucket=minute"), 400)).param).toBe(
      "query.bucket",
    );
    expect(
      (
        await expectError(
          await get(`/usage/timeseries?bucket=hour&from=0&to=${40 * 86_400_000}`),
          400,
        )
      ).param,
    ).toBe("query.from");
    expect((await expectError(await get("/usage/identities?limit=0"), 400)).param).toBe(
      "query.limit",
    );
    expect((await expectError(await get("/usage/identities?orderBy=vibes"), 400)).param).toBe(
      "query.orderBy",
    );
    expect((await expectError(await get("/usage/metrics?to=soon"), 400)).param).toBe("query.to");
    const statement = (body: unknown) =>
      call("POST", `/api/projects/${t.project.id}/billing/statement`, {
        token: t.secretKey.key,
        body,
      });
    expect((await expectError(await statement({ to: 1 }), 400)).param).toBe("from");
    expect((await expectError(await statement({ from: 5, to: 1 }), 400)).param).toBe("from");
    expect(
      (await expectError(await statement({ from: 0, to: 1, requestUnitPriceMicroUsd: -1 }), 400))
        .param,
    ).toBe("requestUnitPriceMicroUsd");
    expect(
      (
        await expectError(
          await statement({
            from: 0,
            to: 1,
            modelPrices: { "gpt-4o": { inputMicroUsdPerMTok: 1.5, outputMicroUsdPerMTok: 1 } },
          }),
          400,
        )
      ).param,
    ).toBe("modelPrices.gpt-4o.inputMicroUsdPerMTok");
  });
});
