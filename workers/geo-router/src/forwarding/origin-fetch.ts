import type { OriginTarget } from "./upstream-request";

export type OriginFetchResult =
  | { ok: true; response: Response; latencyMs: number }
  | { ok: false; failure: "connect" | "timeout"; detail: string; latencyMs: number };

export interface OriginFetchInit {
  method: string;
  headers: Headers;
  body: BodyInit | null;
  /** Ms the origin has to send response headers; the body is not limited by it. */
  timeoutMs: number;
}

/**
 * Sends one attempt to one origin. Redirects are passed back to the caller, not followed. A
 * `binding://NAME` origin goes through `env.NAME`; a missing binding counts as a connection error.
 */
export async function fetchOrigin(
  target: OriginTarget,
  init: OriginFetchInit,
  env: Env,
  now: () => number,
): Promise<OriginFetchResult> {
  const started = now();
  const binding = target.kind === "binding" ? target.binding : null;
  // The global fetch must be called unbound: as a method of another object it throws.
  const fetcher =
    binding === null
      ? { fetch: (url: string, req: RequestInit) => fetch(url, req) }
      : bindingFetcher(env, binding);
  if (!fetcher) {
    return { ok: false, failure: "connect", detail: `no service binding ${binding}`, latencyMs: 0 };
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, init.timeoutMs);
  try {
    const response = await fetcher.fetch(target.url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      redirect: "manual",
      signal: controller.signal,
    });
    return { ok: true, response, latencyMs: now() - started };
  } catch (err) {
    const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return {
      ok: false,
      failure: timedOut ? "timeout" : "connect",
      detail,
      latencyMs: now() - started,
    };
  } finally {
    clearTimeout(timer);
  }
}

function bindingFetcher(env: Env, name: string): Pick<Fetcher, "fetch"> | undefined {
  const candidate = (env as unknown as Record<string, unknown>)[name];
  return typeof candidate === "object" && candidate !== null && "fetch" in candidate
    ? (candidate as Fetcher)
    : undefined;
}
