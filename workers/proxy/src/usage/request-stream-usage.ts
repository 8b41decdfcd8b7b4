/**
 * The body of a streaming chat request that asks the provider for its usage chunk
 * (`stream_options.include_usage`), from the client's JSON text and its parsed object.
 *
 * The client's text is kept byte for byte where it can be: without a `stream_options` of its
 * own, the option is written in front of its first member. Parsing and writing the whole body
 * again would round every integer past 2^53 (an int64 `seed`, numbers in `metadata` or tool
 * schemas) to the nearest double, changing the request behind the client's back. Only a body
 * with its own `stream_options` (not asking for usage) is written again, to merge the option in.
 */
export function requestStreamUsage(text: string, json: Record<string, unknown>): string {
  const options = json.stream_options;
  if (options === undefined) {
    const open = text.indexOf("{");
    const rest = text.slice(open + 1);
    const empty = rest.trimStart().startsWith("}");
    return `${text.slice(0, open + 1)}"stream_options":{"include_usage":true}${empty ? "" : ","}${rest}`;
  }
  return JSON.stringify({
    ...json,
    stream_options: {
      ...(typeof options === "object" && options !== null && !Array.isArray(options)
        ? options
        : {}),
      include_usage: true,
    },
  });
}
