import { describe, expect, it } from "vitest";
import { freeTierTenant } from "../api/fixtures";
import { call } from "../api/helpers";
import { used } from "./metered-tenant";

/**
 * `x-request-id` is the caller's to choose and is echoed back; it must not name the call's
 * reservation, or every call sent with one id while the first is in flight would pass as a retry
 * of it: admitted without counting, its usage lost.
 */
describe("a reused x-request-id", () => {
  it("counts every call: the limit holds for concurrent calls that share one request id", async () => {
    // The provider takes 300 ms, so all the calls are in flight together.
    const t = await freeTierTenant("binding://GATEWAY_ECHO/delay/300/usage/2/3/v1", [
      { metric: "requests", window: { kind: "calendar", unit: "day" }, limit: 3 },
    ]);
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        call("POST", "/v1/chat/completions", {
          headers: {
            "x-project-key": t.publishableKey.key,
            "x-identity": "same-request-id",
            "x-request-id": "req_chosen_by_the_caller",
          },
          body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
    for (const res of responses) {
      expect(res.headers.get("x-request-id")).toBe("req_chosen_by_the_caller");
      await res.body?.cancel();
    }
    expect(await used(t, "same-request-id")).toEqual({ requests: 3 });
  });
});
