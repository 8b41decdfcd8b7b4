import { describe, expect, it } from "vitest";
import { baseUrl, freshIdentity, hello } from "./helpers";

const good = {
  "content-type": "application/json",
  "x-project-key": "pk_e2e",
  "x-identity": "bad-input-user",
};
const chat = JSON.stringify({ model: "gpt-4o-mini", messages: hello });

async function post(headers: Record<string, string>, body: string, path = "/v1/chat/completions") {
  const res = await fetch(`${baseUrl}${path}`, { method: "POST", headers, body });
  const text = await res.text();
  return { res, text, json: JSON.parse(text) as { error: Record<string, unknown> } };
}

describe("bad input gets a 4xx in the envelope naming the problem, never a 500", () => {
  const cases: [string, Record<string, string>, string, number, Record<string, unknown>][] = [
    [
      "missing x-project-key",
      { "content-type": "application/json", "x-identity": "u" },
      chat,
      400,
      { param: "x-project-key", code: "invalid_header" },
    ],
    [
      "malformed x-project-key",
      { ...good, "x-project-key": "sk_wrong" },
      chat,
      400,
      { param: "x-project-key" },
    ],
    [
      "missing x-identity",
      { "content-type": "application/json", "x-project-key": "pk_e2e" },
      chat,
      400,
      { param: "x-identity" },
    ],
    [
      "x-identity too long",
      { ...good, "x-identity": "u".repeat(257) },
      chat,
      400,
      { param: "x-identity" },
    ],
    [
      "x-identity with a control character",
      { ...good, "x-identity": "a\tb" },
      chat,
      400,
      { param: "x-identity" },
    ],
    [
      "x-session too long",
      { ...good, "x-session": "s".repeat(257) },
      chat,
      400,
      { param: "x-session", message: "x-session must be at most 256 characters" },
    ],
    [
      "empty x-session",
      { ...good, "x-session": "" },
      chat,
      400,
      { param: "x-session", message: "x-session must not be empty" },
    ],
    [
      "empty x-tier",
      { ...good, "x-tier": "" },
      chat,
      400,
      { param: "x-tier", message: "x-tier must not be empty" },
    ],
    [
      "unknown x-tier",
      { ...good, "x-tier": "platinum" },
      chat,
      400,
      { param: "x-tier", code: "unknown_tier" },
    ],
    ["invalid JSON", good, "{not json", 400, { code: "invalid_json" }],
    ["a JSON array", good, "[1,2]", 400, { code: "invalid_json" }],
    [
      "wrong content type",
      { ...good, "content-type": "text/plain" },
      chat,
      415,
      { param: "content-type" },
    ],
    [
      "missing model",
      good,
      JSON.stringify({ messages: hello }),
      400,
      { param: "model", code: "missing_model" },
    ],
    [
      "non-boolean stream",
      good,
      JSON.stringify({ model: "m", messages: hello, stream: "yes" }),
      400,
      { param: "stream" },
    ],
    [
      "a body over 4 MiB",
      good,
      JSON.stringify({
        model: "m",
        messages: [{ role: "user", content: "x".repeat(4 * 1024 * 1024) }],
      }),
      413,
      { code: "payload_too_large" },
    ],
    [
      "a model no route serves",
      { ...good, "x-project-key": "pk_notier" },
      JSON.stringify({ model: "llama-3", messages: hello }),
      400,
      { param: "model", code: "unknown_model" },
    ],
  ];

  it.each(cases)("%s", async (_name, headers, body, status, fields) => {
    const { res, json, text } = await post(headers, body);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(json.error).toMatchObject({ type: "invalid_request_error", ...fields });
    expect(json.error.request_id).toBe(res.headers.get("x-request-id"));
    expect(String(json.error.message).length).toBeGreaterThan(5);
    expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
  });

  it("rejects a non-multipart transcription upload", async () => {
    const { res, json } = await post(
      { ...good, "x-identity": freshIdentity("audio") },
      chat,
      "/v1/audio/transcriptions",
    );
    expect(res.status).toBe(415);
    expect(json.error).toMatchObject({ param: "content-type" });
  });

  it("rejects an unknown project key with 401 and a browser origin off the allow-list with 403", async () => {
    const unknown = await post(
      { ...good, "x-project-key": "pk_nope", "cf-connecting-ip": "192.0.2.50" },
      chat,
    );
    expect(unknown.res.status).toBe(401);
    expect(unknown.json.error).toMatchObject({
      type: "authentication_error",
      code: "invalid_project_key",
    });
    const offList = await post({ ...good, origin: "https://evil.example.com" }, chat);
    expect(offList.res.status).toBe(403);
    expect(offList.json.error).toMatchObject({ code: "origin_not_allowed" });
    expect(String(offList.json.error.message)).toContain("https://evil.example.com");
    expect(offList.res.headers.get("access-control-allow-origin")).toBe("https://evil.example.com");
  });
});
