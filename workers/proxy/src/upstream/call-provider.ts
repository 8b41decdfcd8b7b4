import { ApiError } from "@floodgate/contracts";
import { type ReadBody, readWithIdleTimeout, withIdleTimeout } from "@floodgate/http";
import type { ProviderTarget } from "../providers/resolve-provider";
import { fetchUpstream, joinUrl, UpstreamBindingMissing } from "./fetch-upstream";
import { downstreamResponseHeaders, upstreamRequestHeaders } from "./forward-headers";

export interface ProviderCall {
  target: ProviderTarget;
  /** Endpoint path under the base URL, e.g. `/chat/completions`. */
  path: string;
  method: string;
  incomingHeaders: Headers;
  body: BodyInit | null;
  /** The `Authorization` to send upstream; `null` sends none. */
  authorization: string | null;
  /** Milliseconds to wait for the response head. */
  timeoutMs: number;
  /** Milliseconds the body may stay silent once the head has arrived (see `upstreamIdleTimeoutMs`). */
  idleTimeoutMs: number;
  /** Aborted when the client goes away. */
  clientSignal?: AbortSignal;
  /** The incoming request's `cf`, passed on to service-bound upstreams (the geo-router). */
  cf?: IncomingRequestCfProperties;
}

/**
 * Bytes of a whole (not streamed) answer held in memory at most: 8 MiB. One that is larger (an
 * image generation with `n` base64 images, or a custom upstream's endless body) is passed on as
 * it comes instead, and its usage read on the way, so an isolate's 128 MB are never spent on one
 * answer.
 */
export const WHOLE_ANSWER_MAX_BYTES = 8 * 1024 * 1024;

/** Headers that choose which of a key's accounts a call bills (OpenAI's organization and project). */
const accountHeaders = ["openai-organization", "openai-project"];

/**
 * The provider's answer, its headers cleaned. Its body is taken once, by `stream` (to pass on or
 * pipe), `read` (whole, up to {@link WHOLE_ANSWER_MAX_BYTES}; past that, as a stream from its first
 * byte) or `cancel`; the first two fail with the 504 `upstream_timeout` of {@link bodyStalled}
 * (cancelling the call) when the provider stays silent for `idleTimeoutMs`.
 */
export interface ProviderAnswer {
  status: number;
  ok: boolean;
  /** Built for this answer: the caller adds its own headers to them. */
  headers: Headers;
  hasBody: boolean;
  stream(): ReadableStream<Uint8Array> | null;
  read(): Promise<ReadBody>;
  cancel(): Promise<void>;
}

/**
 * Calls the provider and returns its answer once the head has come, or throws an `ApiError`:
 * 504 when the head does not arrive in time, 502 when the upstream cannot be reached.
 */
export async function callProvider(env: object, call: ProviderCall): Promise<ProviderAnswer> {
  const headers = upstreamRequestHeaders(call.incomingHeaders);
  headers.delete("authorization");
  headers.delete("x-identity-token");
  if (call.target.route.keyMode === "stored") {
    // The project's key bills the project's account: the caller does not pick another.
    for (const name of accountHeaders) headers.delete(name);
  }
  if (call.authorization) headers.set("authorization", call.authorization);
  const controller = new AbortController();
  const onClientAbort = () => controller.abort(new Error("client disconnected"));
  call.clientSignal?.addEventListener("abort", onClientAbort);
  const timer = setTimeout(() => controller.abort(new UpstreamTimeout()), call.timeoutMs);
  try {
    const res = await fetchUpstream(
      env,
      joinUrl(call.target.baseUrl, call.path),
      {
        method: call.method,
        headers,
        body: call.body,
        signal: controller.signal,
        // A redirect is not followed: the caller's or the project's key would go along with it.
        redirect: "manual",
      },
      call.cf,
    );
    const { idleTimeoutMs } = call;
    const stalled = () => bodyStalled(idleTimeoutMs);
    const raw = res.body;
    return {
      status: res.status,
      ok: res.ok,
      headers: downstreamResponseHeaders(
        res.headers,
        call.target.route.keyMode === "stored",
        call.target.route.provider === "pool",
      ),
      hasBody: raw !== null,
      stream: () => raw && withIdleTimeout(raw, idleTimeoutMs, stalled),
      read: async () =>
        raw
          ? readWithIdleTimeout(raw, idleTimeoutMs, stalled, WHOLE_ANSWER_MAX_BYTES)
          : { whole: true, bytes: new Uint8Array() },
      cancel: async () => {
        await raw?.cancel();
      },
    };
  } catch (err) {
    if (controller.signal.reason instanceof UpstreamTimeout) {
      throw new ApiError({
        status: 504,
        type: "upstream_error",
        code: "upstream_timeout",
        message: `The upstream provider did not answer within ${call.timeoutMs} ms.`,
      });
    }
    if (err instanceof UpstreamBindingMissing) {
      console.error(
        JSON.stringify({ level: "error", msg: "upstream binding missing", binding: err.binding }),
      );
    }
    throw new ApiError({
      status: 502,
      type: "upstream_error",
      code: "upstream_unreachable",
      message: "The upstream provider could not be reached.",
    });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The error a provider's body fails with when it stops sending: a 504 `upstream_timeout`, like a
 * head that never came.
 */
export function bodyStalled(idleTimeoutMs: number): ApiError {
  return new ApiError({
    status: 504,
    type: "upstream_error",
    code: "upstream_timeout",
    message: `The upstream provider stopped sending its answer for ${idleTimeoutMs} ms.`,
  });
}

/** Whether a body failed because the provider stopped sending (see {@link bodyStalled}). */
export function isBodyStalled(err: unknown): err is ApiError {
  return err instanceof ApiError && err.code === "upstream_timeout";
}

class UpstreamTimeout extends Error {
  constructor() {
    super("upstream timeout");
  }
}
