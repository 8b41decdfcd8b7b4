import { describe, expect, it } from "vitest";
import { call, openai, postJson } from "./helpers";

const chat = { model: "m", messages: [{ role: "user", content: "hi" }] };

describe("origin response headers", () => {
  it("says whether Authorization arrived, never echoing the key", async () => {
    const withKey = await postJson("/v1/chat/completions", chat, {
      authorization: "Bearer sk-secret-value",
    });
    expect(withKey.headers.get("x-mock-received-authorization")).toBe("present");
    for (const [, value] of withKey.headers) expect(value).not.toContain("sk-secret-value");
    expect(await withKey.text()).not.toContain("sk-secret-value");

    const without = await call("/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(chat),
    });
    expect(without.headers.get("x-mock-received-authorization")).toBe("absent");
  });

  it("sets the header on errors and streams too", async () => {
    const error = await call("/v1/nope", { headers: { authorization: "Bearer x" } });
    expect(error.headers.get("x-mock-received-authorization")).toBe("present");
    const stream = await postJson("/v1/chat/completions", { ...chat, stream: true });
    expect(stream.headers.get("x-mock-received-authorization")).toBe("present");
    await stream.body?.cancel();
  });

  it("sends an x-request-id the SDK exposes as _request_id", async () => {
    const completion = await openai().chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(completion._request_id).toMatch(/^req_[0-9a-f]{32}$/);
  });
});
