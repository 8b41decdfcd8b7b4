import { FORWARDED_BY_PROXY_HEADER } from "@floodgate/contracts";
import { DEV_COUNTRY_HEADER } from "../routing/caller-geo";
import { withoutHopByHop } from "./hop-by-hop";

/** Where one origin is reached: over the network, or through a service binding. */
export type OriginTarget =
  | { kind: "network"; url: string }
  | { kind: "binding"; binding: string; url: string };

/**
 * Joins the origin's base URL with the incoming path and query. `binding://NAME/base` keeps the
 * incoming scheme and host (the bound Worker sees the URL the client used) and is fetched through
 * `env.NAME`.
 */
export function originTarget(originUrl: string, incoming: URL): OriginTarget {
  const binding = /^binding:\/\/([A-Za-z_][A-Za-z0-9_]*)(\/[^?#]*)?$/.exec(originUrl);
  const suffix = `${incoming.pathname}${incoming.search}`;
  if (binding) {
    const name = binding[1] ?? "";
    const base = trimSlash(binding[2] ?? "");
    return {
      kind: "binding",
      binding: name,
      url: `${incoming.protocol}//${incoming.host}${base}${suffix}`,
    };
  }
  return { kind: "network", url: `${trimSlash(originUrl)}${suffix}` };
}

function trimSlash(base: string): string {
  return base.replace(/\/+$/, "");
}

export interface ForwardedFor {
  /** The caller's IP (`cf-connecting-ip`); null when unknown. */
  clientIp: string | null;
  /** `https` or `http`: the scheme the caller used. */
  proto: string;
  requestId: string;
}

/**
 * The headers sent to the origin: the caller's, minus hop-by-hop headers, `host` (the fetch sets
 * it), Cloudflare's `cf-*` headers (the origin's own edge adds fresh ones) and the dev-only geo
 * override; plus `x-forwarded-for` (appended to, as every proxy in a chain does),
 * `x-forwarded-proto` (replaced: only this hop knows it) and `x-request-id`.
 */
export function upstreamHeaders(incoming: Headers, forwarded: ForwardedFor): Headers {
  const headers = withoutHopByHop(incoming);
  for (const name of [...headers.keys()]) {
    if (
      name === "host" ||
      name.startsWith("cf-") ||
      name === DEV_COUNTRY_HEADER ||
      name === FORWARDED_BY_PROXY_HEADER
    )
      headers.delete(name);
  }
  if (forwarded.clientIp) {
    const chain = incoming.get("x-forwarded-for");
    headers.set("x-forwarded-for", chain ? `${chain}, ${forwarded.clientIp}` : forwarded.clientIp);
  }
  headers.set("x-forwarded-proto", forwarded.proto);
  headers.set("x-request-id", forwarded.requestId);
  return headers;
}
