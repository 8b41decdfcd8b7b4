import { BadRequestError } from "openai";
import { describe, expect, it } from "vitest";
import { call, openai, postJson } from "./helpers";

async function expectError(
  res: Response,
  status: number,
  error: { message?: string; type?: string; param?: string | null; code?: string | null },
): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/json");
  const body = (await res.json()) as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(Object.keys(body.error).sort()).toEqual(["code", "message", "param", "type"]);
  expect(body.error).toMatchObject(error);
}

describe("OpenAI's error envelope", () => {
  it("answers malformed JSON with 400", async () => {
    const res = await call("/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    await expectError(res, 400, {
      type: "invalid_request_error",
      param: null,
      code: null,
    });
  });

  it("answers a non-object body with 400", async () => {
    await expectError(await postJson("/v1/chat/completions", [1, 2]), 400, {
      type: "invalid_request_error",
    });
  });

  it("requires a model", async () => {
    const res = await postJson("/v1/chat/completions", {
      messages: [{ role: "user", content: "x" }],
    });
    await expectError(res, 400, {
      message: "you must provide a model parameter",
      type: "invalid_request_error",
      param: null,
      code: null,
    });
    await expectError(await postJson("/v1/responses", { input: "x" }), 400, {
      message: "you must provide a model parameter",
    });
    await expectError(await postJson("/v1/embeddings", { input: "x" }), 400, {
      message: "you must provide a model parameter",
    });
  });

  it("requires non-empty messages with roles", async () => {
    await expectError(await postJson("/v1/chat/completions", { model: "m" }), 400, {
      message: "Missing required parameter: 'messages'.",
      param: "messages",
      code: "missing_required_parameter",
    });
    await expectError(await postJson("/v1/chat/completions", { model: "m", messages: [] }), 400, {
      param: "messages",
      code: "empty_array",
    });
    await expectError(
      await postJson("/v1/chat/completions", { model: "m", messages: [{ content: "x" }] }),
      400,
      { param: "messages[0].role", code: "missing_required_parameter" },
    );
  });

  it("rejects wrong types and stream_options without stream", async () => {
    await expectError(
      await postJson("/v1/chat/completions", {
        model: "m",
        messages: [{ role: "user", content: "x" }],
        max_tokens: "ten",
      }),
      400,
      { param: "max_tokens", code: "invalid_type" },
    );
    await expectError(
      await postJson("/v1/chat/completions", {
        model: "m",
        messages: [{ role: "user", content: "x" }],
        stream_options: { include_usage: true },
      }),
      400,
      { param: "stream_options" },
    );
  });

  it("surfaces as the SDK's BadRequestError with the fields parsed", async () => {
    const error = await openai()
      .chat.completions.create({ model: "m", messages: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, param: "messages", code: "empty_array" });
  });

  it("answers unknown routes and wrong methods with 404 Invalid URL", async () => {
    await expectError(await call("/v1/nope", { method: "POST" }), 404, {
      message: "Invalid URL (POST /v1/nope)",
      type: "invalid_request_error",
      param: null,
      code: null,
    });
    await expectError(await call("/v1/chat/completions"), 404, {
      message: "Invalid URL (GET /v1/chat/completions)",
    });
    await expectError(await call("/"), 404, { message: "Invalid URL (GET /)" });
  });
});
