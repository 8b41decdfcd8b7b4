import { errorEnvelopeSchema } from "@floodgate/contracts";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Tenant } from "../api/fixtures";
import { call } from "../api/helpers";
import { meteredTenant } from "./metered-tenant";

const endpoints = [
  "/v1/chat/completions",
  "/v1/responses",
  "/v1/embeddings",
  "/v1/images/generations",
] as const;

/** Whatever the request, the answer is the provider's (2xx) or a 4xx in the envelope: never a 5xx. */
async function expectHandled(res: Response, seen: Map<number, number>) {
  seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
  const text = await res.text();
  expect(res.status, text.slice(0, 500)).toBeLessThan(500);
  if (res.status >= 400) expect(errorEnvelopeSchema.safeParse(JSON.parse(text)).success).toBe(true);
}

/**
 * Arbitrary request bodies and headers: the proxy answers each one in the envelope, never with a
 * 500. (The provider here answers anything it is sent with 200.)
 */
describe("arbitrary input", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await meteredTenant("binding://GATEWAY_ECHO/usage/7/5/v1");
  });

  it("answers any JSON body on every endpoint without a 5xx", async () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    const field = fc.oneof(
      json,
      fc.integer(),
      fc.double(),
      fc.string(),
      fc.constantFrom(1e308, -1, 0, 2 ** 53, null),
    );
    const body = fc.record(
      {
        model: fc.oneof(fc.constant("gpt-4o-mini"), fc.string(), json),
        messages: field,
        input: field,
        prompt: field,
        instructions: field,
        max_tokens: field,
        max_completion_tokens: field,
        max_output_tokens: field,
        n: field,
        stream: fc.oneof(fc.boolean(), field),
        stream_options: field,
        tools: field,
        response_format: field,
        text: field,
      },
      { requiredKeys: [] },
    );
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(...endpoints), async (b, path) => {
        const res = await call("POST", path, {
          headers: { "x-project-key": t.publishableKey.key, "x-identity": "arbitrary-body" },
          body: JSON.stringify(b),
        });
        await expectHandled(res, seen);
      }),
      { numRuns: 300 },
    );
    // Both kinds happened: bodies the proxy refused, and bodies it forwarded.
    expect(seen.get(200)).toBeGreaterThan(10);
    expect(seen.get(400)).toBeGreaterThan(10);
  });

  it("answers any header values without a 5xx", async () => {
    const value = fc.option(
      fc.oneof(
        // ASCII, control characters included (the runtime warns about anything else in a header).
        fc.string({
          unit: fc.integer({ min: 1, max: 127 }).map((c) => String.fromCharCode(c)),
          maxLength: 300,
        }),
        fc.constantFrom(
          "eyJhbGciOiJIUzI1NiJ9.e30.x",
          "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.a",
        ),
      ),
      { nil: undefined },
    );
    const names = [
      "x-identity",
      "x-tier",
      "x-session",
      "authorization",
      "x-identity-token",
      "origin",
      "content-type",
    ];
    const paths = [
      "/v1/chat/completions",
      "/v1/audio/transcriptions",
      "/v1/limits",
      "/v1/models",
      "/v1/models/gpt-4o",
    ];
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(...names.map(() => value)),
        fc.constantFrom(...paths),
        async (values, path) => {
          // Bad tokens count in the abuse shield: an address of this test's own.
          const headers: Record<string, string> = {
            "x-project-key": t.publishableKey.key,
            "cf-connecting-ip": "192.0.2.77",
          };
          names.forEach((name, i) => {
            // Only values a client can send: no CR, LF or NUL.
            const v = values[i]?.replace(/[\r\n\0]/g, "");
            if (v !== undefined) headers[name] = v;
          });
          headers["content-type"] ??= "application/json";
          const get = path.startsWith("/v1/limits") || path.startsWith("/v1/models");
          const res = await call(get ? "GET" : "POST", path, {
            headers,
            ...(get ? {} : { rawBody: JSON.stringify({ model: "gpt-4o-mini", messages: [] }) }),
          });
          await expectHandled(res, seen);
        },
      ),
      { numRuns: 300 },
    );
    expect(seen.get(400)).toBeGreaterThan(10);
  });
});
