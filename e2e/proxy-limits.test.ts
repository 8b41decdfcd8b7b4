import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { baseUrl, freshIdentity, hello, mockCount } from "./helpers";

/** An SDK client that counts the HTTP calls it makes. */
function countingClient(identity: string, tier: string, maxRetries = 2) {
  const calls = { n: 0 };
  const sdk = new OpenAI({
    apiKey: "sk-caller-provider-key",
    baseURL: `${baseUrl}/v1`,
    maxRetries,
    defaultHeaders: { "x-project-key": "pk_e2e", "x-identity": identity, "x-tier": tier },
    fetch: async (url, init) => {
      calls.n += 1;
      return fetch(url, init);
    },
  });
  return { sdk, calls };
}

describe("limits, as the openai client experiences them", () => {
  it("raises RateLimitError carrying the rule hit, the custom message and upgrade links; no retry on a daily quota", async () => {
    const identity = freshIdentity("daily");
    const { sdk, calls } = countingClient(identity, "daily");
    for (let i = 0; i < 3; i++)
      await sdk.chat.completions.create({ model: "gpt-4o-mini", messages: hello });
    const before = await mockCount();
    calls.n = 0;
    const err = await sdk.chat.completions
      .create({ model: "gpt-4o-mini", messages: hello })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(calls.n).toBe(1); // x-should-retry: false → the SDK does not retry
    expect(await mockCount()).toBe(before); // nothing reached the provider
    expect(e.headers?.get("x-should-retry")).toBe("false");
    expect(Number(e.headers?.get("retry-after"))).toBeGreaterThan(60);
    expect(e.type).toBe("insufficient_quota");
    expect(e.code).toBe("quota_exceeded");
    expect(e.error).toMatchObject({
      limit: 3,
      used: 3,
      window: "day",
      tier: "daily",
      model: "gpt-4o-mini",
      metric: "requests",
      upgrade_url: "https://example.com/upgrade",
      deep_link: "myapp://upgrade",
    });
    const resetsAt = Date.parse((e.error as { resets_at: string }).resets_at);
    expect(new Date(resetsAt).getUTCHours()).toBe(0);
    expect(e.message).toBe(`429 ${identity} used 3 of 3 requests today on daily (gpt-4o-mini)`);
    expect(e.headers?.get("x-ratelimit-remaining-requests")).toBe("0");
  });

  it("retries a short-window limit after retry-after-ms, and then succeeds", async () => {
    const { sdk, calls } = countingClient(freshIdentity("burst"), "burst");
    await sdk.chat.completions.create({ model: "gpt-4o-mini", messages: hello });
    await sdk.chat.completions.create({ model: "gpt-4o-mini", messages: hello });
    calls.n = 0;
    const started = Date.now();
    const { data, response } = await sdk.chat.completions
      .create({ model: "gpt-4o-mini", messages: hello })
      .withResponse();
    expect(data.choices[0]?.message.content).toMatch(/^Mock reply/);
    expect(calls.n).toBe(2); // denied once with x-should-retry: true, then admitted
    expect(Date.now() - started).toBeGreaterThan(1_500);
    expect(response.headers.get("x-ratelimit-limit-requests")).toBe("2");
  });

  it("denies a short-window limit with retry headers the SDK honours", async () => {
    const identity = freshIdentity("burst-raw");
    const headers = {
      "content-type": "application/json",
      "x-project-key": "pk_e2e",
      "x-identity": identity,
      "x-tier": "burst",
    };
    const body = JSON.stringify({ model: "gpt-4o-mini", messages: hello });
    for (let i = 0; i < 2; i++)
      await fetch(`${baseUrl}/v1/chat/completions`, { method: "POST", headers, body });
    const res = await fetch(`${baseUrl}/v1/chat/completions`, { method: "POST", headers, body });
    expect(res.status).toBe(429);
    expect(res.headers.get("x-should-retry")).toBe("true");
    const ms = Number(res.headers.get("retry-after-ms"));
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThanOrEqual(3_050); // the window plus at most one sub-bucket (3 s / 60)
    expect(res.headers.get("retry-after")).toBe(String(Math.ceil(ms / 1000)));
    const json = (await res.json()) as { error: Record<string, unknown> };
    expect(json.error).toMatchObject({
      type: "rate_limit_exceeded",
      code: "limit_exceeded",
      limit: 2,
      used: 2,
      window: "3s",
    });
  });

  it("admits exactly the limit out of 300 concurrent SDK calls for one identity", async () => {
    const identity = freshIdentity("fifty");
    const sdk = new OpenAI({
      apiKey: "sk-x",
      baseURL: `${baseUrl}/v1`,
      maxRetries: 0,
      defaultHeaders: { "x-project-key": "pk_e2e", "x-identity": identity, "x-tier": "fifty" },
    });
    const before = await mockCount();
    const results = await Promise.allSettled(
      Array.from({ length: 300 }, () =>
        sdk.chat.completions.create({ model: "gpt-4o-mini", messages: hello }),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled").length;
    const limited = results.filter(
      (r) => r.status === "rejected" && r.reason instanceof OpenAI.RateLimitError,
    ).length;
    expect(ok).toBe(50);
    expect(limited).toBe(250);
    expect((await mockCount()) - before).toBe(50);
  });

  it("applies per-tier and per-model limits as configured", async () => {
    const free = countingClient(freshIdentity("free"), "free", 0).sdk;
    const pro = countingClient(freshIdentity("pro"), "pro", 0).sdk;
    const run = async (sdk: OpenAI, n: number) => {
      let ok = 0;
      for (let i = 0; i < n; i++) {
        const r = await sdk.chat.completions
          .create({ model: "gpt-4o-mini", messages: hello })
          .catch(() => null);
        if (r) ok += 1;
      }
      return ok;
    };
    expect(await run(free, 7)).toBe(5);
    expect(await run(pro, 7)).toBe(7);

    const models = countingClient(freshIdentity("models"), "models", 0).sdk;
    await models.chat.completions.create({ model: "gpt-4o", messages: hello });
    const err = await models.chat.completions
      .create({ model: "gpt-4o", messages: hello })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as InstanceType<typeof OpenAI.RateLimitError>).error).toMatchObject({
      model: "gpt-4o",
      limit: 1,
    });
    // another model is only under the tier's general rule
    const other = await models.chat.completions.create({ model: "gpt-4o-mini", messages: hello });
    expect(other.choices.length).toBe(1);
  });

  it("warns past the project's threshold without blocking", async () => {
    const identity = freshIdentity("warn");
    const headers = {
      "content-type": "application/json",
      "x-project-key": "pk_e2e",
      "x-identity": identity,
      "x-tier": "daily",
    };
    const body = JSON.stringify({ model: "gpt-4o-mini", messages: hello });
    const first = await fetch(`${baseUrl}/v1/chat/completions`, { method: "POST", headers, body });
    expect(first.headers.get("x-floodgate-warning")).toBeNull();
    const second = await fetch(`${baseUrl}/v1/chat/completions`, { method: "POST", headers, body });
    expect(second.status).toBe(200);
    expect(second.headers.get("x-floodgate-warning")).toMatch(/^66% of requests limit used \(2\/3/);
  });
});

describe("session limits", () => {
  it("limits each x-session on top of the identity's rules, consuming nothing when a session is full", async () => {
    const identity = freshIdentity("sessions");
    const ask = (session?: string) =>
      fetch(`${baseUrl}/v1/chat/completions`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-project-key": "pk_e2e",
          "x-identity": identity,
          "x-tier": "pro",
          ...(session ? { "x-session": session } : {}),
        },
        body: JSON.stringify({ model: "gpt-4o-mini", messages: hello }),
      });
    expect((await ask("chat-1")).status).toBe(200);
    const second = await ask("chat-1");
    expect(second.status).toBe(200);
    expect(second.headers.get("x-ratelimit-remaining-requests")).toBe("0"); // the session rule is the tightest
    const third = await ask("chat-1");
    expect(third.status).toBe(429);
    const body = (await third.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({
      rule_id: "session:requests:600000ms",
      limit: 2,
      used: 2,
      window: "10m",
    });
    expect((await ask("chat-2")).status).toBe(200);
    expect((await ask()).status).toBe(200);
    // the denied request consumed nothing of the identity's own allowance (pro: 50/min)
    const limits = await fetch(`${baseUrl}/v1/limits`, {
      headers: {
        "x-project-key": "pk_e2e",
        "x-identity": identity,
        "x-tier": "pro",
        "x-session": "chat-1",
      },
    });
    const rules = ((await limits.json()) as { rules: { id: string; used: number }[] }).rules;
    expect(rules.find((r) => r.id.startsWith("session:"))?.used).toBe(2);
    expect(rules.find((r) => !r.id.startsWith("session:"))?.used).toBe(4);
  });
});

describe("settles", () => {
  it("count a finished call's real usage by the identity's next call, not its estimate", async () => {
    const identity = freshIdentity("carry");
    const sdk = new OpenAI({
      apiKey: "sk-caller-provider-key",
      baseURL: `${baseUrl}/v1`,
      maxRetries: 0,
      defaultHeaders: { "x-project-key": "pk_tokens", "x-identity": identity },
    });
    // Each call reserves its prompt plus max_tokens (> 900 of the 1000 a day): held at its
    // estimate, the first would leave no room for the second.
    const ask = () =>
      sdk.chat.completions
        .create({ model: "gpt-4o-mini", messages: hello, max_tokens: 900 })
        .withResponse();
    const first = await ask();
    const firstReal = first.data.usage?.total_tokens ?? 0;
    expect(firstReal).toBeGreaterThan(0);
    expect(firstReal).toBeLessThan(100);
    const second = await ask(); // at once: the first's settle rides on this check
    const secondReal = second.data.usage?.total_tokens ?? 0;
    const remaining = Number(second.response.headers.get("x-ratelimit-remaining-tokens"));
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThan(1_000 - 900 - firstReal + 1);

    const limits = await fetch(`${baseUrl}/v1/limits`, {
      headers: { "x-project-key": "pk_tokens", "x-identity": identity },
    });
    const rules = ((await limits.json()) as { rules: { metric: string; used: number }[] }).rules;
    expect(rules).toEqual([
      expect.objectContaining({ metric: "tokens", used: firstReal + secondReal }),
    ]);
  });
});
