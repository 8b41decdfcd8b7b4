import { DEV_COUNTRY_HEADER } from "@floodgate/contracts";

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

/** Floodgate's own request headers and the client's address: the provider never sees them. */
const floodgateOnly =
  /^(x-project-key|x-identity|x-tier|x-session|cf-.*|x-forwarded-.*|x-real-ip)$/i;

/**
 * A browser's context, between the end user's page and Floodgate only: the page a call came from
 * (`origin`, `referer`) and the cookies of Floodgate's domain are not the provider's business,
 * and a provider's cookies are not for Floodgate's domain.
 */
const browserContext = new Set(["cookie", "origin", "referer", "set-cookie"]);

/**
 * An `x-floodgate-*` header only Floodgate may set (the gateway sets some for origins that trust
 * them), so a caller's is never passed on — except the dev-only country override, which only a
 * local geo-router honours. `name` in lower case, as `Headers` gives it.
 */
export function isFloodgateSet(name: string): boolean {
  return name.startsWith("x-floodgate-") && name !== DEV_COUNTRY_HEADER;
}

/**
 * The headers sent upstream: the caller's, minus hop-by-hop, browser context and Floodgate's own. One copy made
 * in the runtime, then the few names to drop are deleted (cheaper than copying entry by entry).
 */
export function upstreamRequestHeaders(incoming: Headers): Headers {
  const out = new Headers(incoming);
  for (const name of incoming.keys()) {
    if (
      hopByHop.has(name) ||
      browserContext.has(name) ||
      floodgateOnly.test(name) ||
      isFloodgateSet(name)
    ) {
      out.delete(name);
    }
  }
  return out;
}

/**
 * `x-floodgate-*` are Floodgate's word to the client: from a provider they are dropped. Floodgate's
 * own geo-router (`pool` routes) tells which pool and origin served the call with them, and those
 * go on; the tier and the warning are the proxy's alone, from anyone.
 */
const proxyAnswerHeaders = new Set(["x-floodgate-tier", "x-floodgate-warning"]);

/** A provider's own rate-limit headers: the names Floodgate's quota headers use. */
const providerRateLimit = /^x-ratelimit-/;

/** Response headers that name the account a provider key belongs to (OpenAI's). */
const accountResponseHeaders = ["openai-organization", "openai-project"];

/**
 * The upstream's response headers passed back, minus hop-by-hop ones and `x-floodgate-*` (but
 * for the geo-router's own, when `ownRouter`). The provider's
 * `x-ratelimit-*` never go out under Floodgate's quota header names: with the caller's own key
 * they stay visible as `x-upstream-ratelimit-*`; with the project's stored key they, and the
 * account the key belongs to, are the project's business and are dropped.
 */
export function downstreamResponseHeaders(
  upstream: Headers,
  storedKey: boolean,
  ownRouter = false,
): Headers {
  const out = new Headers(upstream);
  for (const [name, value] of upstream) {
    if (
      hopByHop.has(name) ||
      browserContext.has(name) ||
      name === "content-encoding" ||
      (name.startsWith("x-floodgate-") && (!ownRouter || proxyAnswerHeaders.has(name)))
    ) {
      out.delete(name);
    } else if (providerRateLimit.test(name)) {
      out.delete(name);
      if (!storedKey) out.set(`x-upstream-${name.slice(2)}`, value);
    }
  }
  if (storedKey) for (const name of accountResponseHeaders) out.delete(name);
  // Floodgate's own request id wins; the provider's stays visible under another name.
  const providerRequestId = upstream.get("x-request-id");
  if (providerRequestId !== null) {
    out.delete("x-request-id");
    out.set("x-upstream-request-id", providerRequestId);
  }
  return out;
}
