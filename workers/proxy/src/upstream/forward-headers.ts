/** Headers that belong to one hop and never cross the proxy. */
const hopByHop = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
]);

/** Floodgate's own request headers: the provider never sees them. */
const floodgateOnly =
  /^(x-project-key|x-identity|x-tier|x-session|cf-.*|x-forwarded-.*|x-real-ip)$/i;

/** The headers sent upstream: the caller's, minus hop-by-hop and Floodgate's own. */
export function upstreamRequestHeaders(incoming: Headers): Headers {
  const out = new Headers();
  for (const [name, value] of incoming) {
    if (hopByHop.has(name) || floodgateOnly.test(name)) continue;
    out.set(name, value);
  }
  return out;
}

/** The upstream's response headers passed back, minus hop-by-hop ones. */
export function downstreamResponseHeaders(upstream: Headers): Headers {
  const out = new Headers();
  for (const [name, value] of upstream) {
    if (hopByHop.has(name) || name === "content-encoding") continue;
    // Floodgate's own request id wins; the provider's stays visible under another name.
    out.set(name === "x-request-id" ? "x-upstream-request-id" : name, value);
  }
  return out;
}
