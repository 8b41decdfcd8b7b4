import type { RuleUsage } from "@floodgate/ratelimit";
import { isFloodgateSet } from "../upstream/forward-headers";

/**
 * `X-RateLimit-Limit`, `-Remaining` and `-Reset` (seconds until the counter is back to zero)
 * for the tightest limited rule, the one with the fewest requests left.
 */
export function gatewayRateLimitHeaders(
  rules: readonly RuleUsage[],
  nowMs: number,
): Record<string, string> {
  let tightest: RuleUsage | null = null;
  for (const rule of rules) {
    if (rule.limit === null || rule.remaining === null) continue;
    if (!tightest || rule.remaining < (tightest.remaining ?? Number.POSITIVE_INFINITY))
      tightest = rule;
  }
  if (!tightest || tightest.limit === null) return {};
  return {
    "X-RateLimit-Limit": String(tightest.limit),
    "X-RateLimit-Remaining": String(tightest.remaining ?? 0),
    "X-RateLimit-Reset": String(Math.max(0, Math.ceil((tightest.resetAt - nowMs) / 1000))),
  };
}

/** Hop-by-hop headers, never forwarded in either direction. */
const HOP_BY_HOP = [
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
];

/**
 * What the origin gets: the caller's headers without the credential, hop-by-hop headers and any
 * `x-floodgate-*` of the caller's (see `isFloodgateSet`), plus who called.
 */
export function originRequestHeaders(
  incoming: Headers,
  credentialHeader: "x-api-key" | "authorization",
  context: { keyId: string; identity: string; tier: string; requestId: string },
): Headers {
  const headers = new Headers(incoming);
  headers.delete(credentialHeader);
  for (const name of HOP_BY_HOP) headers.delete(name);
  for (const name of incoming.keys()) if (isFloodgateSet(name)) headers.delete(name);
  headers.set("x-floodgate-key-id", context.keyId);
  headers.set("x-floodgate-identity", context.identity);
  headers.set("x-floodgate-tier", context.tier);
  headers.set("x-request-id", context.requestId);
  return headers;
}

/** What the caller gets back: the origin's headers without hop-by-hop ones. */
export function callerResponseHeaders(upstream: Headers): Headers {
  const headers = new Headers(upstream);
  for (const name of HOP_BY_HOP) headers.delete(name);
  return headers;
}
