import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { seedProject } from "../fixtures/seed-project";

beforeAll(() =>
  seedProject({
    id: "prj_regional",
    publishableKey: "pk_regional",
    settings: { routes: [{ models: ["*"], provider: "pool" }] },
  }),
);

function chatFrom(country: string, continent: string) {
  return exports.default.fetch("http://proxy.test/v1/chat/completions", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-project-key": "pk_regional",
      "x-identity": `user-${country}`,
    },
    body: JSON.stringify({ model: "llama-3.3-70b", messages: [{ role: "user", content: "Hi" }] }),
    cf: { country, continent },
  });
}

describe("the proxy in front of the geo-router", () => {
  it.each([
    ["DE", "EU", "eu", "origin-eu"],
    ["US", "NA", "us", "origin-us"],
    ["JP", "AS", "ap", "origin-ap"],
    ["BR", "SA", "us", "origin-us"],
  ])(
    "serves a caller from %s by the pool its country maps to",
    async (country, continent, pool, origin) => {
      const res = await chatFrom(country, continent);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-floodgate-pool")).toBe(pool);
      expect(res.headers.get("x-floodgate-origin")).toBe(origin);
      expect(res.headers.get("x-ratelimit-remaining-requests")).toBe("999");
      const body = (await res.json()) as {
        object: string;
        choices: { message: { content: string } }[];
      };
      expect(body.object).toBe("chat.completion");
      expect(body.choices[0]?.message.content).toMatch(/^Mock reply/);
    },
  );
});
