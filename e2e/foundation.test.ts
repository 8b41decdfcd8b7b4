import OpenAI from "openai";
import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");

describe("pnpm dev's demo project, driven by the real openai client", () => {
  const client = new OpenAI({
    apiKey: "sk-anything",
    baseURL: `${baseUrl}/v1`,
    defaultHeaders: { "x-project-key": "pk_demo", "x-identity": "e2e-foundation-user" },
  });

  it("gets a chat completion from the mock origin through the proxy", async () => {
    const { data, response } = await client.chat.completions
      .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello!" }] })
      .withResponse();
    expect(data.object).toBe("chat.completion");
    expect(data.model).toBe("gpt-4o-mini");
    expect(data.choices[0]?.message.content).toBeTruthy();
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("answers the curl line printed by pnpm dev", async () => {
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
    expect(body.choices[0]?.message.content.length).toBeGreaterThan(0);
  });

  it("rejects an unknown project key in the envelope, which the SDK reads", async () => {
    const bad = new OpenAI({
      apiKey: "sk-anything",
      baseURL: `${baseUrl}/v1`,
      maxRetries: 0,
      defaultHeaders: { "x-project-key": "pk_nope", "x-identity": "u" },
    });
    const err = await bad.chat.completions
      .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((err as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe(
      "invalid_project_key",
    );
  });
});
