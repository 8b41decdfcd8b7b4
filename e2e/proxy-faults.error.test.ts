import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { baseUrl, freshIdentity, hello } from "./helpers";

const headersFor = (identity: string, knobs: Record<string, string> = {}) => ({
  "content-type": "application/json",
  "x-project-key": "pk_faults",
  "x-identity": identity,
  ...knobs,
});

async function used(identity: string): Promise<{ requests: number; tokens: number }> {
  const res = await fetch(`${baseUrl}/v1/limits`, { headers: headersFor(identity) });
  const body = (await res.json()) as { rules: { metric: string; used: number }[] };
  return {
    requests: body.rules.find((r) => r.metric === "requests")?.used ?? -1,
    tokens: body.rules.find((r) => r.metric === "tokens")?.used ?? -1,
  };
}

const settled = () => new Promise((r) => setTimeout(r, 300));

describe("upstream faults", () => {
  it("answers 504 in the envelope when the provider is slower than the project's timeout, and refunds", async () => {
    const identity = freshIdentity("slow");
    const started = Date.now();
    const res = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: "POST",
      headers: headersFor(identity, { "x-mock-latency-ms": "3000" }),
      body: JSON.stringify({ model: "gpt-4o-mini", messages: hello }),
    });
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(2_500);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ type: "upstream_error", code: "upstream_timeout" });
    await settled();
    expect(await used(identity)).toEqual({ requests: 0, tokens: 0 });
  });

  it("answers 502 when the provider fails with a 500, and counts nothing", async () => {
    const identity = freshIdentity("fail");
    const sdk = new OpenAI({
      apiKey: "sk-x",
      baseURL: `${baseUrl}/v1`,
      maxRetries: 0,
      defaultHeaders: headersFor(identity, { "x-mock-status": "500" }),
    });
    const err = await sdk.chat.completions
      .create({ model: "gpt-4o-mini", messages: hello })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((err as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({
      type: "upstream_error",
      upstream_status: 500,
    });
    await settled();
    expect(await used(identity)).toEqual({ requests: 0, tokens: 0 });
  });

  it("passes a provider's 4xx through and refunds it", async () => {
    const identity = freshIdentity("4xx");
    const res = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: "POST",
      headers: headersFor(identity, { "x-mock-status": "400" }),
      body: JSON.stringify({ model: "gpt-4o-mini", messages: hello }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-ratelimit-limit-requests")).toBe("1000");
    await res.body?.cancel();
    await settled();
    expect((await used(identity)).requests).toBe(0);
  });

  it("cancels the upstream when the client goes away, and settles what was delivered at once", async () => {
    const identity = freshIdentity("gone");
    const controller = new AbortController();
    const res = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: "POST",
      headers: headersFor(identity, { "x-mock-chunks": "40", "x-mock-chunk-delay-ms": "200" }),
      body: JSON.stringify({
        model: "gpt-4o-mini",
        messages: hello,
        stream: true,
        max_tokens: 500,
      }),
      signal: controller.signal,
    });
    const reader = res.body?.getReader();
    await reader?.read();
    await reader?.read();
    controller.abort();
    await new Promise((r) => setTimeout(r, 800));
    // The whole stream would take 8 s; its reservation (prompt + 500 output tokens) is already
    // replaced by the little that was delivered, so the proxy stopped reading the provider.
    const usage = await used(identity);
    expect(usage.requests).toBe(1);
    expect(usage.tokens).toBeGreaterThan(0);
    expect(usage.tokens).toBeLessThan(100);
  });

  it("settles a stream cut midway with what was delivered", async () => {
    const full = freshIdentity("full");
    const fullRes = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: "POST",
      headers: headersFor(full, { "x-mock-chunks": "40" }),
      body: JSON.stringify({
        model: "gpt-4o-mini",
        messages: hello,
        stream: true,
        max_tokens: 500,
      }),
    });
    await fullRes.text();
    const cut = freshIdentity("cut");
    const cutRes = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: "POST",
      headers: headersFor(cut, { "x-mock-chunks": "40", "x-mock-cut-after": "8" }),
      body: JSON.stringify({
        model: "gpt-4o-mini",
        messages: hello,
        stream: true,
        max_tokens: 500,
      }),
    });
    expect(cutRes.status).toBe(200);
    const text = await cutRes.text().catch(() => "cut");
    expect(text).not.toContain("[DONE]");
    await settled();
    const fullUsed = await used(full);
    const cutUsed = await used(cut);
    expect(cutUsed.requests).toBe(1);
    // prompt estimate + a token per 4 delivered characters: more than the prompt, well under the
    // reservation (500 output tokens) and under the full answer
    expect(cutUsed.tokens).toBeGreaterThan(10);
    expect(cutUsed.tokens).toBeLessThan(fullUsed.tokens);
    expect(fullUsed.tokens).toBeLessThan(200);
  });
  it("ends a stream whose provider goes quiet with an error the SDK raises, and settles what was delivered", async () => {
    const identity = freshIdentity("stalled");
    const client = new OpenAI({
      baseURL: `${baseUrl}/v1`,
      apiKey: "sk-unused",
      maxRetries: 0,
      defaultHeaders: headersFor(identity, {
        "x-mock-chunks": "40",
        "x-mock-cut-after": "8",
        "x-mock-cut-mode": "stall",
      }),
    });
    const started = Date.now();
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: hello,
      stream: true,
      max_tokens: 500,
    });
    let delivered = "";
    const error = await (async () => {
      for await (const chunk of stream) delivered += chunk.choices[0]?.delta?.content ?? "";
    })().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain(
      "The upstream provider stopped sending its answer for 1000 ms.",
    );
    expect(delivered.length).toBeGreaterThan(0);
    // The idle time of the project (1 s), not a hang.
    expect(Date.now() - started).toBeLessThan(5_000);
    await settled();
    const usage = await used(identity);
    expect(usage.requests).toBe(1);
    // the prompt's estimate plus a token per 4 delivered characters, not the 500 reserved
    expect(usage.tokens).toBeGreaterThan(10);
    expect(usage.tokens).toBeLessThan(200);
  });
});
