import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

/** Requests served by each mock region, read from its `/__mock/stats`. */
async function mockCounts(): Promise<Record<string, number>> {
  const read = async (mock: Fetcher) =>
    ((await (await mock.fetch("http://mock/__mock/stats")).json()) as { requests: number })
      .requests;
  return { eu: await read(env.MOCK_EU), us: await read(env.MOCK_US), ap: await read(env.MOCK_AP) };
}

const chat = (cf?: Record<string, unknown>) =>
  exports.default.fetch("https://router.example/v1/chat/completions", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-test" },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
    ...(cf ? { cf } : {}),
  });

describe("the routing table (request.cf → pool)", () => {
  it.each([
    {
      name: "DE",
      cf: { country: "DE", continent: "EU" },
      pool: "eu",
      steering: "country",
      region: "DE/EU",
    },
    {
      name: "FR",
      cf: { country: "FR", continent: "EU" },
      pool: "eu",
      steering: "country",
      region: "FR/EU",
    },
    {
      name: "US",
      cf: { country: "US", continent: "NA" },
      pool: "us",
      steering: "country",
      region: "US/NA",
    },
    {
      name: "BR",
      cf: { country: "BR", continent: "SA" },
      pool: "us",
      steering: "default",
      region: "BR/SA",
    },
    {
      name: "JP",
      cf: { country: "JP", continent: "AS" },
      pool: "ap",
      steering: "country",
      region: "JP/AS",
    },
    {
      name: "AU",
      cf: { country: "AU", continent: "OC" },
      pool: "ap",
      steering: "continent",
      region: "AU/OC",
    },
    {
      name: "CH (continent only)",
      cf: { country: "CH", continent: "EU" },
      pool: "eu",
      steering: "continent",
      region: "CH/EU",
    },
    {
      name: "unknown (XX)",
      cf: { country: "XX" },
      pool: "us",
      steering: "default",
      region: "XX/XX",
    },
    { name: "no request.cf", cf: undefined, pool: "us", steering: "default", region: "XX/XX" },
  ])("$name → $pool", async ({ cf, pool, steering, region }) => {
    const before = await mockCounts();
    const res = await chat(cf);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { object: string };
    expect(body.object).toBe("chat.completion");
    expect(res.headers.get("x-floodgate-pool")).toBe(pool);
    expect(res.headers.get("x-floodgate-origin")).toBe(`mock-${pool}`);
    expect(res.headers.get("x-floodgate-steering")).toBe(steering);
    expect(res.headers.get("x-floodgate-region")).toBe(region);
    // The mock of that region, and only it, served the request.
    const after = await mockCounts();
    for (const region of ["eu", "us", "ap"]) {
      expect((after[region] ?? 0) - (before[region] ?? 0), region).toBe(region === pool ? 1 : 0);
    }
  });
});
