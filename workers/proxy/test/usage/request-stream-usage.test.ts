import { describe, expect, it } from "vitest";
import { requestStreamUsage } from "../../src/usage/request-stream-usage";

const asked = (text: string) => requestStreamUsage(text, JSON.parse(text));

describe("requestStreamUsage", () => {
  it("keeps the client's text byte for byte, integers past 2^53 included", () => {
    const text = ' {"model":"m","stream":true,"seed":9223372036854775807,"x":1.50}\n';
    const out = asked(text);
    expect(out).toBe(
      ' {"stream_options":{"include_usage":true},"model":"m","stream":true,"seed":9223372036854775807,"x":1.50}\n',
    );
    expect(JSON.parse(out).stream_options).toEqual({ include_usage: true });
  });

  it("writes an empty object as valid JSON", () => {
    expect(JSON.parse(asked("{ }"))).toEqual({ stream_options: { include_usage: true } });
  });

  it("merges the option into the client's own stream_options", () => {
    const out = asked('{"model":"m","stream_options":{"include_usage":false,"other":1}}');
    expect(JSON.parse(out)).toEqual({
      model: "m",
      stream_options: { include_usage: true, other: 1 },
    });
    expect(JSON.parse(asked('{"model":"m","stream_options":null}')).stream_options).toEqual({
      include_usage: true,
    });
  });
});
