import OpenAI, { toFile } from "openai";
import { describe, expect, it } from "vitest";
import { baseUrl, client, freshIdentity, hello } from "./helpers";

describe("the proxy, driven by the real openai client", () => {
  it("answers the demo project's curl line printed by pnpm dev", async () => {
    const res = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-project-key": "pk_demo",
        "x-identity": "user-1",
      },
      body: JSON.stringify({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "Hello!" }],
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toMatch(/^Mock reply/);
    expect(res.headers.get("x-ratelimit-limit-requests")).toBe("10");
  });

  it("proxies a chat completion with usage and OpenAI-style rate-limit headers", async () => {
    const { data, response } = await client("pk_e2e", freshIdentity("chat"), { "x-tier": "pro" })
      .chat.completions.create({ model: "gpt-4o-mini", messages: hello })
      .withResponse();
    expect(data.object).toBe("chat.completion");
    expect(data.model).toBe("gpt-4o-mini");
    expect(data.choices[0]?.message.content).toMatch(/^Mock reply/);
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(data.usage?.total_tokens).toBe(
      (data.usage?.prompt_tokens ?? 0) + (data.usage?.completion_tokens ?? 0),
    );
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(response.headers.get("x-upstream-request-id")).toBeTruthy();
    expect(response.headers.get("x-ratelimit-limit-requests")).toBe("50");
    expect(response.headers.get("x-ratelimit-remaining-requests")).toBe("49");
    expect(response.headers.get("x-ratelimit-reset-requests")).toMatch(
      /^\d+(\.\d+)?s$|^\d+ms$|^\d+m\d+s$/,
    );
    expect(response.headers.get("x-floodgate-tier")).toBe("pro");
  });

  it("streams chat chunk by chunk; the usage chunk appears only when the client asks for it", async () => {
    const c = client("pk_e2e", freshIdentity("stream"), { "x-tier": "pro" });
    const plain = await c.chat.completions.create({
      model: "gpt-4o-mini",
      messages: hello,
      stream: true,
    });
    let text = "";
    let usageChunks = 0;
    let chunks = 0;
    for await (const chunk of plain) {
      chunks += 1;
      text += chunk.choices[0]?.delta?.content ?? "";
      if (chunk.usage) usageChunks += 1;
      expect(chunk.choices.length).toBeGreaterThan(0);
    }
    expect(chunks).toBeGreaterThan(3);
    expect(usageChunks).toBe(0);

    const json = await c.chat.completions.create({ model: "gpt-4o-mini", messages: hello });
    expect(text).toBe(json.choices[0]?.message.content);

    const withUsage = await c.chat.completions.create({
      model: "gpt-4o-mini",
      messages: hello,
      stream: true,
      stream_options: { include_usage: true },
    });
    let last: OpenAI.Chat.Completions.ChatCompletionChunk | undefined;
    for await (const chunk of withUsage) last = chunk;
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual(json.usage);
  });

  it("streams rate-limit headers before the first byte", async () => {
    const res = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-project-key": "pk_e2e",
        "x-identity": freshIdentity("sse"),
        "x-tier": "pro",
        "x-mock-chunk-delay-ms": "200",
        "x-mock-chunks": "5",
      },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: hello, stream: true }),
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(res.headers.get("x-ratelimit-remaining-requests")).toBe("49");
    const started = Date.now();
    const reader = res.body?.getReader();
    const first = await reader?.read();
    const firstAt = Date.now() - started;
    expect(new TextDecoder().decode(first?.value)).toMatch(/^data: \{/);
    let rest = "";
    for (;;) {
      const r = await reader?.read();
      if (!r || r.done) break;
      rest += new TextDecoder().decode(r.value);
    }
    expect(Date.now() - started - firstAt).toBeGreaterThan(600); // the rest arrived over time: not buffered
    expect(rest.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });

  it("proxies the Responses API, JSON and stream, with usage", async () => {
    const c = client("pk_e2e", freshIdentity("responses"), { "x-tier": "pro" });
    const json = await c.responses.create({ model: "gpt-4o-mini", input: "Say hi" });
    expect(json.object).toBe("response");
    expect(json.output_text).toMatch(/^Mock reply/);
    expect(json.usage?.input_tokens).toBeGreaterThan(0);
    const stream = await c.responses.create({
      model: "gpt-4o-mini",
      input: "Say hi",
      stream: true,
    });
    let text = "";
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      if (event.type === "response.output_text.delta") text += event.delta;
      if (event.type === "response.completed") completed = event.response;
    }
    expect(text).toBe(json.output_text);
    expect(completed?.usage).toEqual(json.usage);
  });

  it("proxies embeddings, images, transcriptions, the model list and one model", async () => {
    const c = client("pk_e2e", freshIdentity("misc"), { "x-tier": "pro" });
    const emb = await c.embeddings.create({ model: "text-embedding-3-small", input: ["a", "b"] });
    expect(emb.data).toHaveLength(2);
    expect(emb.data[0]?.embedding.length).toBe(8);
    expect(emb.usage.prompt_tokens).toBeGreaterThan(0);

    const img = await c.images.generate({
      model: "gpt-image-1",
      prompt: "a red square",
      n: 2,
      response_format: "b64_json",
    });
    expect(img.data).toHaveLength(2);
    expect(img.data?.[0]?.b64_json?.length).toBeGreaterThan(10);

    const file = await toFile(Buffer.alloc(2048, 7), "audio.mp3", { type: "audio/mpeg" });
    const transcription = await c.audio.transcriptions.create({ model: "whisper-1", file });
    expect(transcription.text.length).toBeGreaterThan(0);

    const models = await c.models.list();
    expect(models.data.length).toBeGreaterThan(0);
    const model = await c.models.retrieve("gpt-4o-mini");
    expect(model).toMatchObject({ id: "gpt-4o-mini", object: "model" });
    const missing = await c.models.retrieve("gpt-does-not-exist").catch((err: unknown) => err);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as InstanceType<typeof OpenAI.NotFoundError>).code).toBe("model_not_found");
  });

  it("tells an app its limits without spending anything", async () => {
    const identity = freshIdentity("limits");
    const c = client("pk_e2e", identity, { "x-tier": "daily" });
    await c.chat.completions.create({ model: "gpt-4o-mini", messages: hello });
    const read = async () => {
      const res = await fetch(`${baseUrl}/v1/limits`, {
        headers: { "x-project-key": "pk_e2e", "x-identity": identity, "x-tier": "daily" },
      });
      return {
        res,
        body: (await res.json()) as {
          tier: string;
          rules: { limit: number; used: number; remaining: number; window: string }[];
        },
      };
    };
    const first = await read();
    const second = await read();
    expect(first.res.status).toBe(200);
    expect(first.body.tier).toBe("daily");
    expect(first.body.rules).toEqual([
      expect.objectContaining({ limit: 3, used: 1, remaining: 2, window: "day" }),
    ]);
    expect(second.body.rules[0]?.used).toBe(1);
    expect(first.res.headers.get("x-ratelimit-remaining-requests")).toBe("2");
  });

  it("passes the caller's Authorization through to the provider", async () => {
    const { response } = await client("pk_e2e", freshIdentity("auth"), { "x-tier": "pro" })
      .chat.completions.create({ model: "gpt-4o-mini", messages: hello })
      .withResponse();
    expect(response.headers.get("x-mock-received-authorization")).toBe("present");
  });
});
