import { describe, expect, it } from "vitest";
import { baseUrl, freshIdentity, hello } from "./helpers";

/** The demo project's regional-* models go through the geo-router to a mock per region. */
async function regionalChat(headers: Record<string, string>): Promise<Response> {
  return fetch(`${baseUrl}/v1/chat/completions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-project-key": "pk_demo",
      "x-identity": freshIdentity("regional"),
      ...headers,
    },
    body: JSON.stringify({ model: "regional-chat", messages: hello }),
  });
}

describe("the dev server's geo override, as `pnpm dev` prints it", () => {
  it("routes a regional model by x-floodgate-dev-country through the proxy", async () => {
    for (const [country, region] of [
      ["JP", "ap"],
      ["US", "us"],
      ["DE", "eu"],
    ] as const) {
      const res = await regionalChat({ "x-floodgate-dev-country": country });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(res.headers.get("x-floodgate-origin"), country).toBe(`mock-${region}`);
      expect(res.headers.get("x-floodgate-region")).toMatch(new RegExp(`^${country}/`));
      await res.arrayBuffer();
    }
  });
});
