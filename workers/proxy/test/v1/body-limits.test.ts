import { beforeAll, describe, expect, it } from "vitest";
import { freeTierTenant, type Tenant } from "../api/fixtures";
import { call, expectError } from "../api/helpers";

const MiB = 1024 * 1024;

/**
 * A body of unknown length (chunked) that sends `bytes` and then never ends. A server that waits
 * for the whole body before it checks the size never answers it.
 */
function endlessBody(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return new Promise(() => {});
      const chunk = new Uint8Array(Math.min(MiB, bytes - sent)).fill(0x61);
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

/** A 413 in the envelope as soon as a body passes its limit, declared or not: never read whole. */
describe("body size limits", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await freeTierTenant("binding://GATEWAY_ECHO/v1", [
      { metric: "requests", window: { kind: "calendar", unit: "day" }, limit: 50 },
    ]);
  });
  const caller = () => ({ "x-project-key": t.publishableKey.key, "x-identity": "big-bodies" });

  it("stops reading a chunked transcription upload once it passes 25 MiB", async () => {
    const res = await call("POST", "/v1/audio/transcriptions", {
      headers: { ...caller(), "content-type": "multipart/form-data; boundary=x" },
      rawBody: endlessBody(26 * MiB),
    });
    const error = await expectError(res, 413, "payload_too_large");
    expect(error.message).toBe(`The request body is larger than ${25 * MiB} bytes.`);
  });

  it("stops reading a chunked JSON body once it passes 4 MiB", async () => {
    const res = await call("POST", "/v1/chat/completions", {
      headers: { ...caller(), "content-type": "application/json" },
      rawBody: endlessBody(5 * MiB),
    });
    await expectError(res, 413, "payload_too_large");
  });

  it("answers a management API body over 1 MiB with 413, declared or streamed", async () => {
    const declared = await call("POST", "/api/auth/login", {
      body: { email: "a@example.com", password: "x".repeat(2 * MiB) },
    });
    const error = await expectError(declared, 413, "payload_too_large");
    expect(error.message).toBe(`The request body is larger than ${MiB} bytes.`);

    const streamed = await call("POST", "/api/auth/register", {
      headers: { "content-type": "application/json" },
      rawBody: endlessBody(2 * MiB),
    });
    await expectError(streamed, 413, "payload_too_large");
  });
});
