import type { ResponseStreamEvent } from "openai/resources/responses/responses";
import { describe, expect, it } from "vitest";
import { openai, postJson, sseEvents } from "./helpers";

// "Say hi" is one user message: 3 priming + 4 overhead + ceil(6 / 4); instructions add 4 + ceil(10 / 4).
const INPUT_TOKENS = 9;

const EVENT_ORDER = [
  "response.created",
  "response.in_progress",
  "response.output_item.added",
  "response.content_part.added",
  ...Array<string>(12).fill("response.output_text.delta"),
  "response.output_text.done",
  "response.content_part.done",
  "response.output_item.done",
  "response.completed",
];

describe("POST /v1/responses (JSON)", () => {
  it("answers a completed response with one output_text message and usage", async () => {
    const response = await openai().responses.create({ model: "gpt-4.1-mini", input: "Say hi" });

    expect(response.id).toMatch(/^resp_[0-9a-f]{48}$/);
    expect(response.object).toBe("response");
    expect(response.status).toBe("completed");
    expect(response.model).toBe("gpt-4.1-mini");
    expect(response.error).toBeNull();
    expect(response.incomplete_details).toBeNull();
    expect(response.output).toHaveLength(1);
    const [item] = response.output;
    expect(item).toMatchObject({ type: "message", role: "assistant", status: "completed" });
    expect(item?.type === "message" && item.content).toEqual([
      { type: "output_text", annotations: [], logprobs: [], text: response.output_text },
    ]);
    // The SDK derives output_text from output; OpenAI does not send it.
    expect(response.output_text).toMatch(/^Mock reply [0-9a-f]{8} lorem/);
    expect(response.usage).toMatchObject({
      input_tokens: INPUT_TOKENS,
      output_tokens: 12,
      total_tokens: INPUT_TOKENS + 12,
    });
  });

  it("counts instructions and message-array input, and echoes request fields", async () => {
    const response = await openai().responses.create({
      model: "gpt-4.1-mini",
      instructions: "Be concise",
      input: [{ role: "user", content: [{ type: "input_text", text: "Say hi" }] }],
      metadata: { run: "42" },
      temperature: 0.2,
    });
    const plain = await openai().responses.create({ model: "gpt-4.1-mini", input: "Say hi" });
    expect(response.output_text).toBe(plain.output_text);
    expect(response.usage?.input_tokens).toBe(INPUT_TOKENS + 4 + 3);
    expect(response.instructions).toBe("Be concise");
    expect(response.metadata).toEqual({ run: "42" });
    expect(response.temperature).toBe(0.2);
  });

  it("is incomplete when max_output_tokens cuts the reply", async () => {
    const response = await openai().responses.create(
      { model: "m", input: "Say hi", max_output_tokens: 16 },
      { headers: { "x-mock-chunks": "20" } },
    );
    expect(response.status).toBe("incomplete");
    expect(response.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect(response.usage?.output_tokens).toBe(16);
    expect(response.output_text.split(" ")).toHaveLength(16);
  });

  it("does not send the SDK-only output_text field on the wire", async () => {
    const res = await postJson("/v1/responses", { model: "m", input: "Say hi" });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty("output_text");
    expect(body.object).toBe("response");
  });
});

describe("POST /v1/responses (stream)", () => {
  it("streams the events in OpenAI's order with increasing sequence numbers", async () => {
    const stream = await openai().responses.create({
      model: "gpt-4.1-mini",
      input: "Say hi",
      stream: true,
    });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);

    expect(events.map((e) => e.type)).toEqual(EVENT_ORDER);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));

    const created = events[0];
    expect(created?.type === "response.created" && created.response).toMatchObject({
      status: "in_progress",
      output: [],
      usage: null,
    });
    const deltas = events.flatMap((e) =>
      e.type === "response.output_text.delta" ? [e.delta] : [],
    );
    const done = events.find((e) => e.type === "response.output_text.done");
    expect(done?.type === "response.output_text.done" && done.text).toBe(deltas.join(""));

    const completed = events.at(-1);
    if (completed?.type !== "response.completed") throw new Error("no response.completed");
    expect(completed.response.status).toBe("completed");
    expect(completed.response.usage).toMatchObject({
      input_tokens: INPUT_TOKENS,
      output_tokens: 12,
      total_tokens: INPUT_TOKENS + 12,
    });
    const json = await openai().responses.create({ model: "gpt-4.1-mini", input: "Say hi" });
    expect(deltas.join("")).toBe(json.output_text);
  });

  it("satisfies the SDK's stream accumulator (responses.stream → finalResponse)", async () => {
    const stream = openai().responses.stream({ model: "gpt-4.1-mini", input: "Say hi" });
    const final = await stream.finalResponse();
    expect(final.status).toBe("completed");
    expect(final.output_text).toMatch(/^Mock reply [0-9a-f]{8}/);
    expect(final.usage?.total_tokens).toBe(INPUT_TOKENS + 12);
  });

  it("frames each event as `event: <type>\\ndata: {json}\\n\\n` with no [DONE]", async () => {
    const res = await postJson("/v1/responses", { model: "m", input: "Say hi", stream: true });
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const body = await res.text();
    const events = sseEvents(body);
    expect(events).toHaveLength(EVENT_ORDER.length);
    events.forEach((event, i) => {
      const match = /^event: ([a-z_.]+)\ndata: (\{.*\})$/.exec(event);
      expect(match?.[1]).toBe(EVENT_ORDER[i]);
      expect(JSON.parse(match?.[2] ?? "{}")).toMatchObject({
        type: EVENT_ORDER[i],
        sequence_number: i,
      });
    });
    expect(body).not.toContain("[DONE]");
    expect(body.endsWith("}\n\n")).toBe(true);
  });

  it("ends with response.incomplete when max_output_tokens cuts the stream", async () => {
    const stream = await openai().responses.create(
      { model: "m", input: "Say hi", max_output_tokens: 16, stream: true },
      { headers: { "x-mock-chunks": "40" } },
    );
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const last = events.at(-1);
    expect(last?.type).toBe("response.incomplete");
    expect(last?.type === "response.incomplete" && last.response.incomplete_details).toEqual({
      reason: "max_output_tokens",
    });
  });
});
