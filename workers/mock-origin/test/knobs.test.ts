import { AuthenticationError, BadRequestError, InternalServerError, RateLimitError } from "openai";
import type { ChatCompletion } from "openai/resources/chat/completions";
import { describe, expect, it } from "vitest";
import { openai, postJson, sseData, sseEvents } from "./helpers";

const chat = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "hi" }] };
const chatStream = { ...chat, stream: true as const };

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; elapsedMs: number }> {
  const start = Date.now();
  const result = await run();
  return { result, elapsedMs: Date.now() - start };
}

describe("x-mock-latency-ms", () => {
  it("delays the start of the response", async () => {
    await postJson("/v1/chat/completions", chat); // warm the isolate up
    const fast = await timed(() => postJson("/v1/chat/completions", chat));
    const slow = await timed(() =>
      postJson("/v1/chat/completions", chat, { "x-mock-latency-ms": "400" }),
    );
    expect(slow.result.status).toBe(200);
    expect(await slow.result.json()).toMatchObject({ object: "chat.completion" });
    expect(slow.elapsedMs).toBeGreaterThanOrEqual(390);
    expect(fast.elapsedMs).toBeLessThan(200);
  });
});

describe("x-mock-status", () => {
  it("answers 429 as a RateLimitError with OpenAI's body and rate-limit headers", async () => {
    const error = await openai()
      .chat.completions.create(chat, {
        headers: { "x-mock-status": "429", "x-mock-retry-after": "7" },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    if (!(error instanceof RateLimitError)) return;
    expect(error.status).toBe(429);
    expect(error.code).toBe("rate_limit_exceeded");
    expect(error.type).toBe("requests");
    expect(error.headers.get("retry-after")).toBe("7");
    expect(error.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(error.headers.get("x-ratelimit-reset-requests")).toBe("7s");
  });

  it("maps 500, 503, 401 and 400 to the SDK's error classes", async () => {
    const fail = (status: string) =>
      openai()
        .chat.completions.create(chat, { headers: { "x-mock-status": status } })
        .catch((e: unknown) => e);
    const [e500, e503, e401, e400] = await Promise.all(["500", "503", "401", "400"].map(fail));
    expect(e500).toBeInstanceOf(InternalServerError);
    expect(e500).toMatchObject({ status: 500, type: "server_error" });
    expect(e503).toBeInstanceOf(InternalServerError);
    expect(e503).toMatchObject({ status: 503, type: "server_error" });
    expect(e401).toBeInstanceOf(AuthenticationError);
    expect(e401).toMatchObject({ code: "invalid_api_key" });
    expect(e400).toBeInstanceOf(BadRequestError);
  });

  it("answers streaming requests with the error before any event", async () => {
    const res = await postJson("/v1/chat/completions", chatStream, { "x-mock-status": "502" });
    expect(res.status).toBe(502);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toEqual({
      error: {
        message: "Mock error (x-mock-status: 502).",
        type: "server_error",
        param: null,
        code: null,
      },
    });
  });

  it("answers 503 with OpenAI's overload message", async () => {
    const res = await postJson("/v1/chat/completions", chat, { "x-mock-status": "503" });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      error: { message: "The engine is currently overloaded, please try again later." },
    });
  });
});

describe("x-mock-cut-after", () => {
  it("errors the body after N events by default: the SDK stream throws, no [DONE]", async () => {
    const stream = await openai().chat.completions.create(chatStream, {
      headers: { "x-mock-cut-after": "3" },
    });
    const chunks: unknown[] = [];
    const error = await (async () => {
      for await (const chunk of stream) chunks.push(chunk);
    })().catch((e: unknown) => e);
    expect(chunks).toHaveLength(3);
    expect(error).toBeInstanceOf(Error);

    const res = await postJson("/v1/chat/completions", chatStream, { "x-mock-cut-after": "3" });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    if (reader === undefined) throw new Error("no body");
    const decoder = new TextDecoder();
    let text = "";
    const readError = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return undefined;
        text += decoder.decode(value, { stream: true });
      }
    })().catch((e: unknown) => e);
    expect(readError).toBeInstanceOf(Error);
    expect(sseEvents(text)).toHaveLength(3);
    expect(text).not.toContain("[DONE]");
  });

  it("with x-mock-cut-mode: close, ends cleanly without [DONE] or finish_reason", async () => {
    const headers = { "x-mock-cut-after": "5", "x-mock-cut-mode": "close" };
    const res = await postJson("/v1/chat/completions", chatStream, headers);
    const body = await res.text();
    expect(sseEvents(body)).toHaveLength(5);
    expect(body).not.toContain("[DONE]");
    expect(body.endsWith("\n\n")).toBe(true);

    const stream = await openai().chat.completions.create(chatStream, { headers });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).toHaveLength(5);
    expect(chunks.every((c) => c.choices[0]?.finish_reason === null)).toBe(true);
  });

  it("with x-mock-cut-mode: stall, sends N events and then nothing, until the reader goes away", async () => {
    const headers = { "x-mock-cut-after": "2", "x-mock-cut-mode": "stall" };
    const res = await postJson("/v1/chat/completions", chatStream, headers);
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    if (reader === undefined) throw new Error("no body");
    const decoder = new TextDecoder();
    let text = "";
    while (sseEvents(text).length < 2) {
      const { done, value } = await reader.read();
      if (done) throw new Error("ended instead of stalling");
      text += decoder.decode(value, { stream: true });
    }
    const more = await Promise.race([
      reader.read().then(() => "more"),
      new Promise((resolve) => setTimeout(() => resolve("silent"), 300)),
    ]);
    expect(more).toBe("silent");
    expect(sseEvents(text)).toHaveLength(2);
    expect(text).not.toContain("[DONE]");
    await reader.cancel();
  });

  it("cuts Responses API streams too", async () => {
    const res = await postJson(
      "/v1/responses",
      { model: "m", input: "hi", stream: true },
      { "x-mock-cut-after": "4", "x-mock-cut-mode": "close" },
    );
    const types = sseData(await res.text()).map((event) => event.type);
    expect(types).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
    ]);
  });

  it("leaves a stream shorter than N untouched", async () => {
    const res = await postJson("/v1/chat/completions", chatStream, { "x-mock-cut-after": "1000" });
    expect((await res.text()).endsWith("data: [DONE]\n\n")).toBe(true);
  });
});

describe("x-mock-chunk-delay-ms and x-mock-chunks", () => {
  it("produces N content chunks, written one by one with the delay between them", async () => {
    const start = Date.now();
    const res = await postJson("/v1/chat/completions", chatStream, {
      "x-mock-chunks": "4",
      "x-mock-chunk-delay-ms": "80",
    });
    const reader = res.body?.getReader();
    if (reader === undefined) throw new Error("no body");
    const decoder = new TextDecoder();
    const arrivals: { atMs: number; text: string }[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      arrivals.push({ atMs: Date.now() - start, text: decoder.decode(value, { stream: true }) });
    }
    const body = arrivals.map((a) => a.text).join("");
    // role + 4 words + finish + [DONE] = 7 events, 6 gaps of 80 ms.
    expect(sseEvents(body)).toHaveLength(7);
    const content = sseData(body)
      .map((chunk) => (chunk.choices as { delta: { content?: string } }[])[0]?.delta.content ?? "")
      .join("");
    expect(content.split(" ")).toHaveLength(4);
    expect(arrivals.at(-1)?.atMs).toBeGreaterThanOrEqual(6 * 80 - 10);
    // A real stream: the first event arrives long before the last one.
    expect(arrivals[0]?.atMs).toBeLessThan(200);
    expect(arrivals.length).toBeGreaterThan(1);
  });

  it("sets the word count of JSON replies (0 gives an empty reply)", async () => {
    const client = openai();
    const long = await client.chat.completions.create(chat, { headers: { "x-mock-chunks": "50" } });
    expect(long.choices[0]?.message.content?.split(" ")).toHaveLength(50);
    expect(long.usage?.completion_tokens).toBe(50);
    const empty = await client.chat.completions.create(chat, { headers: { "x-mock-chunks": "0" } });
    expect(empty.choices[0]?.message.content).toBe("");
    expect(empty.usage?.completion_tokens).toBe(0);
  });
});

describe("x-mock-no-usage", () => {
  it("leaves usage out of JSON replies on every route", async () => {
    const headers = { "x-mock-no-usage": "1" };
    const chatRes = await postJson("/v1/chat/completions", chat, headers);
    expect(await chatRes.json()).not.toHaveProperty("usage");
    const responsesRes = await postJson("/v1/responses", { model: "m", input: "hi" }, headers);
    expect(await responsesRes.json()).not.toHaveProperty("usage");
    const embeddingsRes = await postJson("/v1/embeddings", { model: "m", input: "hi" }, headers);
    expect(await embeddingsRes.json()).not.toHaveProperty("usage");
  });

  it("drops the usage chunk of a stream even with include_usage", async () => {
    const res = await postJson(
      "/v1/chat/completions",
      { ...chatStream, stream_options: { include_usage: true } },
      { "x-mock-no-usage": "true" },
    );
    const data = sseData(await res.text());
    expect(data).toHaveLength(1 + 12 + 1);
    for (const chunk of data) expect(chunk).not.toHaveProperty("usage");

    const stream = await postJson(
      "/v1/responses",
      { model: "m", input: "hi", stream: true },
      { "x-mock-no-usage": "1" },
    );
    const completed = sseData(await stream.text()).at(-1) as { response: object };
    expect(completed.response).not.toHaveProperty("usage");
  });
});

describe("x-mock-pad-bytes", () => {
  const bodyOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());

  it("grows a chat completion's content until the answer is that many bytes, usage unchanged", async () => {
    const plain = (await (await postJson("/v1/chat/completions", chat)).json()) as ChatCompletion;
    const res = await postJson("/v1/chat/completions", chat, { "x-mock-pad-bytes": "300000" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const bytes = await bodyOf(res);
    expect(bytes.byteLength).toBe(300_000);
    const padded = JSON.parse(new TextDecoder().decode(bytes)) as ChatCompletion;
    const content = padded.choices[0]?.message.content ?? "";
    expect(content.startsWith(plain.choices[0]?.message.content ?? "?")).toBe(true);
    expect(content.length).toBeGreaterThan(299_000);
    expect(content.slice(-200)).toMatch(/^[a-z ]+$/);
    expect(padded.usage).toEqual(plain.usage);
  });

  it("leaves an answer already that long as it is", async () => {
    const res = await postJson("/v1/chat/completions", chat, { "x-mock-pad-bytes": "10" });
    const answer = (await res.json()) as ChatCompletion;
    expect(answer.choices[0]?.message.content).toMatch(/^Mock reply [0-9a-f]{8} /);
  });

  it("with x-mock-cut-after, ends the answer after that many pieces", async () => {
    const headers = { "x-mock-pad-bytes": "1000000", "x-mock-cut-after": "3" };
    const closed = await postJson("/v1/chat/completions", chat, {
      ...headers,
      "x-mock-cut-mode": "close",
    });
    // The text before the content, then two pieces of 64 KiB of filler.
    const bytes = await bodyOf(closed);
    expect(bytes.byteLength).toBeGreaterThan(2 * 65_536);
    expect(bytes.byteLength).toBeLessThan(3 * 65_536);
    const aborted = await postJson("/v1/chat/completions", chat, headers);
    expect(aborted.status).toBe(200);
    await expect(aborted.arrayBuffer()).rejects.toThrow();
  });
});

describe("malformed knobs", () => {
  it("answers 400 naming the header instead of ignoring it", async () => {
    const res = await postJson("/v1/chat/completions", chat, { "x-mock-latency-ms": "soon" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        message: "Invalid x-mock-latency-ms header: expected an integer from 0 to 120000.",
        type: "invalid_request_error",
        param: "x-mock-latency-ms",
        code: "invalid_mock_header",
      },
    });
    const status = await postJson("/v1/chat/completions", chat, { "x-mock-status": "200" });
    expect(status.status).toBe(400);
    const pad = await postJson("/v1/chat/completions", chat, { "x-mock-pad-bytes": "67108865" });
    expect(pad.status).toBe(400);
  });
});
