/** Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus legacy ones. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** A copy of `headers` without hop-by-hop headers, including any the `Connection` header names. */
export function withoutHopByHop(headers: Headers): Headers {
  const named = new Set(
    (headers.get("connection") ?? "")
      .split(",")
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  );
  const out = new Headers(headers);
  for (const name of [...out.keys()]) {
    if (HOP_BY_HOP.has(name) || named.has(name)) out.delete(name);
  }
  return out;
}
