import { FORWARDED_BY_PROXY_HEADER } from "@floodgate/contracts";
import { serviceBinding } from "./service-binding";

/**
 * Fetches an upstream URL. `binding://NAME/path` goes through the worker's service binding
 * `env[NAME]` (the geo-router, or the mock origin in local development) instead of the network.
 */
export function fetchUpstream(
  env: object,
  url: string,
  init: RequestInit,
  incomingCf?: IncomingRequestCfProperties,
): Promise<Response> {
  if (!url.startsWith("binding://")) return fetch(url, init);
  const rest = url.slice("binding://".length);
  const slash = rest.indexOf("/");
  const name = slash === -1 ? rest : rest.slice(0, slash);
  const binding = serviceBinding(env, name);
  if (!binding) {
    return Promise.reject(new UpstreamBindingMissing(name));
  }
  // The caller's `cf` (country, continent…) goes along to our own workers: the geo-router steers by it.
  const target = `https://${name.toLowerCase()}.internal${slash === -1 ? "/" : rest.slice(slash)}`;
  // The caller's own Headers when it passed one (no copy on the hot path).
  const headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
  headers.set(FORWARDED_BY_PROXY_HEADER, "proxy");
  return binding.fetch(target, {
    ...init,
    headers,
    ...(incomingCf ? { cf: incomingCf as unknown as RequestInitCfProperties } : {}),
  });
}

export class UpstreamBindingMissing extends Error {
  constructor(readonly binding: string) {
    super(`service binding ${binding} is not configured`);
    this.name = "UpstreamBindingMissing";
  }
}

/**
 * Joins a base URL (`…/v1`) and an endpoint path (`/chat/completions`). A query on the base URL
 * (`…/deployments/d?api-version=…`) stays at the end.
 */
export function joinUrl(base: string, path: string): string {
  const q = base.indexOf("?");
  const head = q === -1 ? base : base.slice(0, q);
  const query = q === -1 ? "" : base.slice(q);
  return `${head.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}${query}`;
}
