import type { Upload } from "./stream-upload";
import type { OriginTarget } from "./upstream-request";

/**
 * One attempt's outcome. `connect` and `timeout` are the origin's failures; `client` means the
 * client went away (or its request body failed) before the origin answered, which says nothing
 * about the origin.
 */
export type OriginFetchResult =
  | { ok: true; response: Response; latencyMs: number }
  | { ok: false; failure: "connect" | "timeout" | "client"; detail: string; latencyMs: number };

export interface OriginFetchInit {
  method: string;
  headers: Headers;
  body: BodyInit | null;
  /**
   * Ms the origin has to send response headers, counted from when it has the whole request (a
   * streamed body may take the client longer); the response body is not limited by it.
   */
  timeoutMs: number;
  /** The client's request signal: when it aborts, so does the attempt (a `client` failure). */
  clientSignal?: AbortSignal;
  /** The upload of a streamed request body, when `body` is one. */
  upload?: Upload;
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
  let abortedFor: "timeout" | "client" | null = null;
  const abort = (why: "timeout" | "client") => {
    if (abortedFor !== null) return;
    abortedFor = why;
    controller.abort();
  };
  const clientGone = () => abort("client");
  let settled = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const startClock = () => {
    if (!settled) timer = setTimeout(() => abort("timeout"), init.timeoutMs);
  };
  if (init.clientSignal?.aborted) clientGone();
  init.clientSignal?.addEventListener("abort", clientGone);
  if (init.upload) {
    void init.upload.done.then((state) =>
      state === "client_failed" ? clientGone() : startClock(),
    );
  } else {
    startClock();
  }
  // A failure of the client's own upload, whichever the fetch noticed first.
  const clientCaused = () => abortedFor === "client" || init.upload?.state === "client_failed";
  try {
    const response = await fetcher.fetch(target.url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      redirect: "manual",
      signal: controller.signal,
    });
    if (clientCaused()) {
      // An answer to a request the client never finished: nobody will read it.
      await response.body?.cancel().catch(() => {});
      return clientFailure("client went away mid-upload", now() - started);
    }
    return { ok: true, response, latencyMs: now() - started };
  } catch (err) {
    const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    if (clientCaused()) return clientFailure(detail, now() - started);
    return {
      ok: false,
      failure: abortedFor === "timeout" ? "timeout" : "connect",
      detail,
      latencyMs: now() - started,
    };
  } finally {
    settled = true;
    clearTimeout(timer);
    init.clientSignal?.removeEventListener("abort", clientGone);
  }
}

function clientFailure(detail: string, latencyMs: number): OriginFetchResult {
  return { ok: false, failure: "client", detail, latencyMs };
}

function bindingFetcher(env: Env, name: string): Pick<Fetcher, "fetch"> | undefined {
  const candidate = (env as unknown as Record<string, unknown>)[name];
  return typeof candidate === "object" && candidate !== null && "fetch" in candidate
    ? (candidate as Fetcher)
    : undefined;
}
