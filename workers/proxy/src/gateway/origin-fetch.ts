import { ApiError, FORWARDED_BY_PROXY_HEADER } from "@floodgate/contracts";
import { withIdleTimeout } from "@floodgate/http";
import { type ServiceBinding, serviceBinding } from "../upstream/service-binding";

/**
 * The upstream URL for a path under the project's origin: `https://api.example.com/base` +
 * `/v2/items?x=1`. A query on the origin (`…/base?tenant=acme`) stays after the path, ahead of
 * the caller's. A `binding://NAME/base` origin goes to the worker's service binding `NAME`.
 */
export function originTarget(
  originUrl: string,
  path: string,
  callerSearch: string,
  env: Env,
): { url: string; fetcher: ServiceBinding | null } {
  const q = originUrl.indexOf("?");
  const origin = q === -1 ? originUrl : originUrl.slice(0, q);
  const originQuery = q === -1 ? "" : originUrl.slice(q + 1);
  const callerQuery = callerSearch.replace(/^\?/, "");
  const query = [originQuery, callerQuery].filter((part) => part !== "").join("&");
  const search = query ? `?${query}` : "";
  const binding = /^binding:\/\/([A-Za-z_][A-Za-z0-9_]*)(\/.*)?$/.exec(origin);
  if (binding) {
    const name = binding[1] ?? "";
    const fetcher = serviceBinding(env, name);
    if (!fetcher) {
      console.error(
        JSON.stringify({ level: "error", msg: "gateway: service binding missing", binding: name }),
      );
      throw new ApiError({
        status: 502,
        type: "upstream_error",
        code: "origin_unavailable",
        message: "The origin is not reachable.",
      });
    }
    const base = (binding[2] ?? "").replace(/\/+$/, "");
    return { url: `https://${name.toLowerCase()}.binding${base}${path}${search}`, fetcher };
  }
  return { url: `${origin.replace(/\/+$/, "")}${path}${search}`, fetcher: null };
}

export type OriginResult =
  | { ok: true; response: Response }
  | { ok: false; reason: "timeout" | "unreachable" };

/** How long the origin may take: to its response head, and silent within its body. */
export interface OriginTimeouts {
  /** Ms from sending the request to the response head (`upstreamTimeoutMs`). */
  headMs: number;
  /**
   * Ms the body may stay silent while the caller waits on it: before its first byte and between
   * two chunks (`upstreamIdleTimeoutMs`).
   */
  idleMs: number;
}

/**
 * Sends the request to the origin, streaming the body both ways. The wait for the response head
 * is bounded by `headMs`; the body then streams as long as it takes, but an origin that sends
 * nothing for `idleMs` while the caller waits on it is given up on: its body is cancelled and the
 * caller's errors, cutting the connection, as when the origin breaks its body off. The clock runs
 * only while the caller waits, so a slow reader never trips it.
 */
export async function fetchOrigin(
  target: { url: string; fetcher: ServiceBinding | null },
  init: {
    method: string;
    headers: Headers;
    body: ReadableStream<Uint8Array> | null;
    /** The caller's `request.cf`, so a geo-router behind the gateway sees their country. */
    cf: Request["cf"];
  },
  timeouts: OriginTimeouts,
  signal: AbortSignal | undefined,
): Promise<OriginResult> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener("abort", abort);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeouts.headMs);
  // A worker behind a binding (the geo-router) forwards it all, its own paths included.
  if (target.fetcher) init.headers.set(FORWARDED_BY_PROXY_HEADER, "proxy");
  let response: Response;
  try {
    const request = new Request(target.url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      redirect: "manual",
      signal: controller.signal,
      ...(init.cf ? { cf: init.cf } : {}),
    });
    response = await (target.fetcher ? target.fetcher.fetch(request) : fetch(request));
  } catch {
    return { ok: false, reason: timedOut ? "timeout" : "unreachable" };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", abort);
  }
  if (!response.body) return { ok: true, response };
  const body = withIdleTimeout(response.body, timeouts.idleMs, () => bodyStalled(timeouts.idleMs));
  return { ok: true, response: new Response(body, response) };
}

/** What a stalled origin body fails with: logged, never shown (the caller's connection is cut). */
function bodyStalled(idleMs: number): Error {
  console.warn(JSON.stringify({ level: "warn", msg: "gateway: origin body stalled", idleMs }));
  return new Error(`The origin sent nothing of its body for ${idleMs} ms.`);
}
