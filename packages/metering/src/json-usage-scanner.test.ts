import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonUsageScanner, MAX_USAGE_BYTES } from "./json-usage-scanner";

// UTF-8 both ways with what the language has: this package has no platform types.
function utf8(text: string): Uint8Array {
  const escaped = encodeURIComponent(text);
  const bytes: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    if (escaped[i] === "%") {
      bytes.push(Number.parseInt(escaped.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(escaped.charCodeAt(i));
  }
  return Uint8Array.from(bytes);
}
const fromUtf8 = (bytes: Uint8Array) =>
  decodeURIComponent(Array.from(bytes, (b) => `%${b.toString(16).padStart(2, "0")}`).join(""));

/** What the scanner found in `text` fed as `chunks` pieces cut at `cuts` (byte offsets). */
function scan(text: string | Uint8Array, cuts: number[] = []): unknown {
  const bytes = typeof text === "string" ? utf8(text) : text;
  const scanner = new JsonUsageScanner();
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    scanner.push(bytes.subarray(from, cut));
    from = cut;
  }
  scanner.push(bytes.subarray(from));
  const found = scanner.usageBytes();
  return found === null ? null : JSON.parse(fromUtf8(found));
}

const usage = { prompt_tokens: 18, completion_tokens: 7, completion_tokens_details: { a: [1, 2] } };

/** A chat completion with decoys: `usage` in strings (escaped quotes too), in nested objects and arrays. */
const sample = JSON.stringify({
  id: "chatcmpl-1",
  object: "chat.completion",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: 'He said "usage": {"prompt_tokens": 999} \\ ok' },
      usage: { prompt_tokens: 1 },
    },
  ],
  meta: { usage: { prompt_tokens: 2 }, note: 'ünïcödé ✓ \u0000 "usage"' },
  '"usage': { prompt_tokens: 3 },
  usage,
  system_fingerprint: "fp_x",
});

describe("JsonUsageScanner", () => {
  it("finds the top-level usage wherever the body is cut in two", () => {
    const bytes = utf8(sample);
    for (let cut = 0; cut <= bytes.byteLength; cut++) {
      expect(scan(bytes, [cut]), `cut at ${cut}`).toEqual(usage);
    }
  });

  it("finds it when the body comes one byte at a time", () => {
    const bytes = utf8(sample);
    expect(
      scan(
        bytes,
        Array.from({ length: bytes.byteLength }, (_, i) => i),
      ),
    ).toEqual(usage);
  });

  it("finds usage as the first member, the last member, or the only one, in any spacing", () => {
    expect(scan(JSON.stringify({ usage, id: "x" }))).toEqual(usage);
    expect(scan(JSON.stringify({ id: "x", usage }))).toEqual(usage);
    expect(scan(JSON.stringify({ usage }, null, 2))).toEqual(usage);
    expect(scan(` \n{ "usage" :\t{"input_tokens": 3} }\r\n`)).toEqual({ input_tokens: 3 });
    expect(scan('{"usage":null}')).toBeNull();
  });

  it("reads a key spelled with escapes as JSON.parse does", () => {
    expect(scan('{"us\\u0061ge":{"input_tokens":4}}')).toEqual({ input_tokens: 4 });
    expect(scan('{"usage\\u0000":{"input_tokens":4}}')).toBeNull();
  });

  it("takes the last of several top-level usage members, as JSON.parse does", () => {
    expect(scan('{"usage":{"a":1},"x":[],"usage":{"a":2}}')).toEqual({ a: 2 });
  });

  it("matches no usage that is nested or inside a string", () => {
    expect(scan('{"data":{"usage":{"prompt_tokens":1}}}')).toBeNull();
    expect(scan('{"data":[{"usage":{"prompt_tokens":1}}]}')).toBeNull();
    expect(scan('{"text":"\\"usage\\":{\\"prompt_tokens\\":1}"}')).toBeNull();
    expect(scan('{"text":"\\\\","usage":{"a":1}}')).toEqual({ a: 1 });
    expect(scan('[{"usage":{"prompt_tokens":1}}]')).toBeNull();
  });

  it("finds nothing in a body that is not one whole JSON object", () => {
    expect(scan('<html>"usage":{"a":1}</html>')).toBeNull();
    expect(scan('"usage"')).toBeNull();
    expect(scan("")).toBeNull();
    expect(scan('{"usage":{"a":1},"id":"cut sh')).toBeNull();
    expect(scan('{"usage":{"a":1}} trailing')).toBeNull();
    expect(scan('{"usage":{"a":1}}{"usage":{"a":2}}')).toBeNull();
  });

  it("ignores a usage value over MAX_USAGE_BYTES, holding none of it", () => {
    const big = "x".repeat(MAX_USAGE_BYTES);
    expect(scan(JSON.stringify({ usage: { note: big }, id: "x" }))).toBeNull();
    expect(scan(JSON.stringify({ id: "x", usage: { note: big.slice(0, 1000) } }))).toEqual({
      note: big.slice(0, 1000),
    });
  });

  it("skips a long string quickly, whatever its escapes", () => {
    const content = `${'\\"'.repeat(200_000)}${"a".repeat(2_000_000)}`;
    const body = `{"choices":[{"message":{"content":"${content}"}}],"usage":{"a":1}}`;
    const bytes = utf8(body);
    const startedAt = Date.now();
    expect(scan(bytes, [1_000, 400_001, 1_500_000])).toEqual({ a: 1 });
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it("agrees with JSON.parse on any object, however it is chunked", () => {
    const document = fc.record(
      {
        before: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
        usage: fc.jsonValue({ maxDepth: 3 }),
        after: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
      },
      { requiredKeys: ["before", "after"] },
    );
    fc.assert(
      fc.property(
        document,
        fc.constantFrom(undefined, 1, "\t"),
        fc.array(fc.nat(), { maxLength: 6 }),
        (doc, space, rawCuts) => {
          const value =
            "usage" in doc ? { ...doc.before, usage: doc.usage, ...doc.after } : doc.before;
          const text = JSON.stringify(value, null, space);
          const length = utf8(text).byteLength;
          const expected = (JSON.parse(text) as { usage?: unknown }).usage;
          const found = scan(
            text,
            rawCuts.map((c) => c % (length + 1)),
          );
          expect(found).toEqual(expected === undefined ? null : expected);
        },
      ),
    );
  });
});
