import { describe, expect, it } from "vitest";
import { openai, postJson, sseData, sseEvents } from "./helpers";

const messages = [
  { role: "system" as const, content: "You are terse." },
  { role: "user" as const, content: "Hello there!" },
];
// 3 priming + (4 + ceil(14 / 4)) + (4 + ceil(12 / 4)) — see src/fake/tokens.ts
const PROMPT_TOKENS = 18;

describe("POST /v1/chat/completions (JSON)", () => {
  it("answers a chat.completion the SDK parses, with usage from the token formula", async () => {
    const completion = await openai().chat.completions.create({ model: "gpt-4o-mini", messages });

    expect(completion.id).toMatch(/^chatcmpl-[0-9a-f]+$/);
    expect(completion.object).toBe("chat.completion");
    expect(completion.model).toBe("gpt-4o-mini");
    expect(Math.abs(completion.created - Date.now() / 1000)).toBeLessThan(60);
    expect(completion.choices).toHaveLength(1);
    const [choice] = completion.choices;
    expect(choice?.index).toBe(0);
    expect(choice?.finish_reason).toBe("stop");
    expect(choice?.message.role).toBe("assistant");
    expect(choice?.message.content).toMatch(/^Mock reply [0-9a-f]{8} lorem ipsum/);
    expect(choice?.message.content?.split(" ")).toHaveLength(12);
    expect(completion.usage).toMatchObject({
      prompt_tokens: PROMPT_TOKENS,
      completion_tokens: 12,
      total_tokens: PROMPT_TOKENS + 12,
    });
  });

  it("is deterministic: the reply depends on the last user message only", async () => {
    const client = openai();
    const ask = (content: string, system = "You are terse.") =>
      client.chat.completions.create({
        model: "any-model-name",
        messages: [
          { role: "system", content: system },
          { role: "user", content },
        ],
      });
    const [a, b, c, d] = await Promise.all([
      ask("one"),
      ask("one"),
      ask("two"),
      ask("one", "Different system prompt"),
    ]);
    const text = (r: typeof a) => r.choices[0]?.message.content;
    expect(text(a)).toBe(text(b));
    expect(text(a)).toBe(text(d));
    expect(text(a)).not.toBe(text(c));
    expect(a.model).toBe("any-model-name");
  });

  it("reads text parts of array content", async () => {
    const parts = await openai().chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: [{ type: "text", text: "Hello there!" }] }],
    });
    const plain = await openai().chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Hello there!" }],
    });
    expect(parts.choices[0]?.message.content).toBe(plain.choices[0]?.message.content);
    expect(parts.usage?.prompt_tokens).toBe(plain.usage?.prompt_tokens);
  });

  it("caps the reply at max_tokens / max_completion_tokens with finish_reason length", async () => {
    const client = openai();
    const capped = await client.chat.completions.create({ model: "m", messages, max_tokens: 5 });
    expect(capped.choices[0]?.message.content).toMatch(/^Mock reply [0-9a-f]{8} lorem ipsum$/);
    expect(capped.choices[0]?.finish_reason).toBe("length");
    expect(capped.usage?.completion_tokens).toBe(5);

    const both = await client.chat.completions.create({
      model: "m",
      messages,
      max_tokens: 9,
      max_completion_tokens: 3,
    });
    expect(both.usage?.completion_tokens).toBe(3);

    const roomy = await client.chat.completions.create({
      model: "m",
      messages,
      max_completion_tokens: 100,
    });
    expect(roomy.choices[0]?.finish_reason).toBe("stop");
    expect(roomy.usage?.completion_tokens).toBe(12);
  });
});

describe("POST /v1/chat/completions (stream)", () => {
  it("streams chunks that reassemble to the JSON content, without usage unless asked", async () => {
    const client = openai();
    const json = await client.chat.completions.create({ model: "gpt-4o-mini", messages });
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages,
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks).toHaveLength(1 + 12 + 1);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    for (const chunk of chunks) {
      expect(chunk.object).toBe("chat.completion.chunk");
      expect(chunk.model).toBe("gpt-4o-mini");
      expect(chunk).not.toHaveProperty("usage");
    }
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: "assistant", content: "", refusal: null });
    const content = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(content).toBe(json.choices[0]?.message.content);
    const last = chunks.at(-1);
    expect(last?.choices[0]?.finish_reason).toBe("stop");
    expect(last?.choices[0]?.delta).toEqual({});
    expect(chunks.slice(0, -1).every((c) => c.choices[0]?.finish_reason === null)).toBe(true);
  });

  it("adds a usage chunk with choices: [] (and usage: null elsewhere) with include_usage", async () => {
    const stream = await openai().chat.completions.create({
      model: "gpt-4o-mini",
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks).toHaveLength(1 + 12 + 1 + 1);
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage).toMatchObject({
      prompt_tokens: PROMPT_TOKENS,
      completion_tokens: 12,
      total_tokens: PROMPT_TOKENS + 12,
    });
    for (const chunk of chunks.slice(0, -1)) expect(chunk.usage).toBeNull();
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
  });

  it("frames every event as `data: {json}\\n\\n` and ends with `data: [DONE]\\n\\n`", async () => {
    const res = await postJson("/v1/chat/completions", {
      model: "gpt-4o-mini",
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const body = await res.text();

    expect(body.endsWith("\n\ndata: [DONE]\n\n")).toBe(true);
    const events = sseEvents(body);
    expect(events).toHaveLength(1 + 12 + 1 + 1 + 1);
    for (const event of events) expect(event).toMatch(/^data: [^\n]+$/);
    expect(body).not.toContain("event:");
    expect(events.filter((e) => e === "data: [DONE]")).toHaveLength(1);
    const data = sseData(body);
    expect(data.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: PROMPT_TOKENS + 12 } });
  });

  it("caps a stream at max_tokens with finish_reason length", async () => {
    const stream = await openai().chat.completions.create({
      model: "m",
      messages,
      stream: true,
      max_tokens: 2,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Mock reply");
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("length");
  });
});
