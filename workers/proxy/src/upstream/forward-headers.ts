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

/**
 * The headers sent upstream: the caller's, minus hop-by-hop and Floodgate's own. One copy made
 * in the runtime, then the few names to drop are deleted (cheaper than copying entry by entry).
 */
export function upstreamRequestHeaders(incoming: Headers): Headers {
  const out = new Headers(incoming);
  for (const name of incoming.keys()) {
    if (hopByHop.has(name) || floodgateOnly.test(name)) out.delete(name);
  }
  return out;
}

/** The upstream's response headers passed back, minus hop-by-hop ones. */
export function downstreamResponseHeaders(upstream: Headers): Headers {
  const out = new Headers(upstream);
  for (const name of upstream.keys()) {
    if (hopByHop.has(name) || name === "content-encoding") out.delete(name);
  }
  // Floodgate's own request id wins; the provider's stays visible under another name.
  const providerRequestId = upstream.get("x-request-id");
  if (providerRequestId !== null) {
    out.delete("x-request-id");
    out.set("x-upstream-request-id", providerRequestId);
  }
  return out;
}
