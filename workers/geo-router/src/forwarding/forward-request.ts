import { ApiError } from "@floodgate/contracts";
import type { OriginSpec, PoolSpec, RouterConfig } from "../config/router-config";
import type { Settings } from "../env";
import type { PoolHealthService } from "../health/pool-health";
import { retryAfterSeconds } from "../health/retry-after";
import { affinityCookie } from "../routing/affinity";
import { type CallerGeo, readCallerGeo } from "../routing/caller-geo";
import { chooseTarget, type Target } from "../routing/choose-target";
import type { OriginLoadRegistry } from "../routing/origin-load";
import { newRoundRobinState } from "../routing/smooth-round-robin";
import { poolSequence, steer } from "../routing/steering";
import { withoutHopByHop } from "./hop-by-hop";
import { fetchOrigin, type OriginFetchResult } from "./origin-fetch";
import { isRetryable } from "./retry-policy";
import { streamUpload, type Upload } from "./stream-upload";
import { originTarget, upstreamHeaders } from "./upstream-request";
import { watchBody } from "./watch-body";

/** Everything forwarding needs, passed in (the clock and randomness too, for tests). */
export interface ForwardDeps {
  env: Env;
  settings: Settings;
  config: RouterConfig;
  health: PoolHealthService;
  load: OriginLoadRegistry;
  waitUntil: (promise: Promise<unknown>) => void;
  now: () => number;
  random: () => number;
}

/**
 * Steers the request to a pool and origin, forwards it, and streams the answer back with the
 * `x-floodgate-*` headers. Idempotent requests (see {@link isRetryable}) get another origin after
 * a connection error, timeout or one of the pool's `failureStatuses`; others are sent once. Throws
 * an `ApiError` when no origin can take the request (503), the only attempt failed without an
 * answer (502/504), or the client went away (499; not held against the origin).
 */
export async function forwardRequest(
  request: Request,
  requestId: string,
  deps: ForwardDeps,
): Promise<Response> {
  const { settings, config } = deps;
  const url = new URL(request.url);
  const geo = readCallerGeo(request.cf, request.headers, settings.DEV_GEO_OVERRIDE);
  const steering = steer(config, geo);
  const pools = poolSequence(config, steering.pool);
  const clientIp = request.headers.get("cf-connecting-ip");
  const headers = upstreamHeaders(request.headers, {
    clientIp,
    proto: url.protocol.replace(/:$/, ""),
    requestId,
  });
  const { body, upload, replayable } = await prepareBody(request, settings);
  const maxAttempts =
    replayable && isRetryable(request.method, request.headers) ? 1 + settings.MAX_RETRIES : 1;

  const tried = new Set<string>();
  let last: { target: Target; result: OriginFetchResult } | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const now = deps.now();
    const choice = await chooseTarget({
      steering,
      pools,
      tried,
      now,
      health: (pool) =>
        deps.health.snapshot(deps.env.HEALTH, pool.name, now, settings.HEALTH_CACHE_TTL_MS),
      load: (pool, origin, health) => ({
        outstanding: deps.load.outstanding(pool.name, origin.id),
        // This isolate's own measurements first; else what checks and other isolates measured.
        latencyEwmaMs:
          deps.load.latencyEwmaMs(pool.name, origin.id) ??
          health.origins[origin.id]?.latencyEwmaMs ??
          null,
      }),
      pick: (pool) => ({
        // A retry picks among fewer origins: it must not restart the pool's shared rotation.
        roundRobin: tried.size === 0 ? deps.load.roundRobin(pool.name) : newRoundRobinState(),
        clientKey: clientIp,
        random: deps.random,
      }),
      affinity: {
        cookieHeader: request.headers.get("cookie"),
        header: (name) => request.headers.get(name),
      },
    });
    if (!choice.found) {
      if (last) break;
      throw allOriginsDown(retryAfterSeconds(choice.inspected, now), geo);
    }
    const { target } = choice;
    tried.add(`${target.pool.name}\u0000${target.origin.id}`);
    const result = await send(target, request, headers, { body, upload }, deps);
    if (last) discard(last.result);
    if (!result.ok && result.failure === "client") throw clientClosedRequest();
    if (result.ok && !isFailureStatus(target.pool, result.response.status))
      return respond(target, result.response, attempt, geo, url);
    last = { target, result };
  }
  if (!last) throw allOriginsDown(30, geo);
  const { target, result } = last;
  if (result.ok) return respond(target, result.response, tried.size, geo, url);
  throw new ApiError({
    status: result.failure === "timeout" ? 504 : 502,
    type: "upstream_error",
    code: result.failure === "timeout" ? "origin_timeout" : "origin_unreachable",
    message:
      result.failure === "timeout"
        ? "The origin did not answer in time."
        : "The origin could not be reached.",
    headers: floodgateHeaders(target, tried.size, geo),
  });
}

interface PreparedBody {
  body: BodyInit | null;
  /** Set when `body` streams the client's upload. */
  upload?: Upload;
  replayable: boolean;
}

/**
 * Buffers the body when it is small and of known length, so the request can be replayed on
 * another origin; streams it otherwise (and then it is sent once). A client that goes away while
 * its body is read answers 499.
 */
async function prepareBody(request: Request, settings: Settings): Promise<PreparedBody> {
  if (request.body === null || request.method === "GET" || request.method === "HEAD") {
    return { body: null, replayable: true };
  }
  const declared = request.headers.get("content-length");
  const length = declared === null ? Number.NaN : Number(declared);
  if (
    Number.isInteger(length) &&
    length <= settings.MAX_RETRY_BODY_BYTES &&
    isRetryable(request.method, request.headers)
  ) {
    try {
      return { body: await request.arrayBuffer(), replayable: true };
    } catch {
      throw clientClosedRequest();
    }
  }
  const upload = streamUpload(
    request.body,
    Number.isSafeInteger(length) && length >= 0 ? length : null,
  );
  return { body: upload.body, upload, replayable: false };
}

/** Whether an origin's answer counts as its failure: retried, and towards passive ejection. */
function isFailureStatus(pool: PoolSpec, status: number): boolean {
  return pool.ejection.failureStatuses.includes(status);
}

async function send(
  target: Target,
  request: Request,
  headers: Headers,
  { body, upload }: Pick<PreparedBody, "body" | "upload">,
  deps: ForwardDeps,
): Promise<OriginFetchResult> {
  const { pool, origin } = target;
  const finish = deps.load.start(pool.name, origin.id);
  const result = await fetchOrigin(
    originTarget(origin.url, new URL(request.url)),
    {
      method: request.method,
      headers,
      body,
      timeoutMs: deps.settings.ORIGIN_TIMEOUT_MS,
      clientSignal: request.signal,
      upload,
    },
    deps.env,
    deps.now,
  );
  const abandoned = !result.ok && result.failure === "client";
  const failed = !abandoned && (!result.ok || isFailureStatus(pool, result.response.status));
  if (!result.ok && !abandoned) {
    console.warn(
      JSON.stringify({
        level: "warn",
        msg: "origin attempt failed",
        pool: pool.name,
        origin: origin.id,
        failure: result.failure,
        detail: result.detail,
      }),
    );
  }
  if (result.ok && !failed)
    deps.load.recordLatency(pool.name, origin.id, result.latencyMs, deps.now());
  if (!result.ok || failed) finish();
  else attachFinish(result, finish, deps);
  // An abandoned attempt is reported neither as a failure nor as a success, but it is a request
  // the origin got: counted in `requests`, and in `panicRequests` when panic routing sent it.
  deps.health.record(pool, {
    originId: origin.id,
    failed,
    abandoned,
    // A failed answer says nothing of how fast the origin serves: an origin that fails fast must
    // not look fast to the latency strategy (here or in other isolates).
    latencyMs: result.ok && !failed ? result.latencyMs : null,
    panic: target.panic,
    at: deps.now(),
  });
  flushReports(deps);
  return result;
}

/** Keeps the origin counted as outstanding until its (possibly streaming) body is done. */
function attachFinish(
  result: Extract<OriginFetchResult, { ok: true }>,
  finish: () => void,
  deps: ForwardDeps,
): void {
  const body = result.response.body;
  if (!body) {
    finish();
    return;
  }
  const watched = watchBody(body, finish);
  deps.waitUntil(watched.done);
  result.response = new Response(watched.body, result.response);
}

function flushReports(deps: ForwardDeps): void {
  const due = deps.health.due(deps.now(), deps.settings.STATS_FLUSH_MS);
  if (due.length > 0) {
    deps.waitUntil(deps.health.flush(deps.env.HEALTH, deps.now, due));
  }
}

/** A failed attempt's answer that will not be sent: release its body. */
function discard(result: OriginFetchResult): void {
  if (result.ok) result.response.body?.cancel().catch(() => {});
}

function respond(
  target: Target,
  upstream: Response,
  attempts: number,
  geo: CallerGeo,
  url: URL,
): Response {
  const headers = withoutHopByHop(upstream.headers);
  for (const [name, value] of Object.entries(floodgateHeaders(target, attempts, geo)))
    headers.set(name, value);
  if (!target.pinned) {
    const cookie = affinityCookie(
      target.pool.affinity,
      target.origin.id,
      url.protocol === "https:",
    );
    if (cookie) headers.append("set-cookie", cookie);
  }
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers,
  });
}

function floodgateHeaders(
  target: { pool: PoolSpec; origin: OriginSpec; reason: string; panic: boolean },
  attempts: number,
  geo: CallerGeo,
): Record<string, string> {
  return {
    "x-floodgate-origin": target.origin.id,
    "x-floodgate-pool": target.pool.name,
    "x-floodgate-region": regionLabel(geo),
    "x-floodgate-steering": target.reason,
    "x-floodgate-attempts": String(attempts),
    // Only when set: an answer from an origin passive ejection had taken out (see chooseTarget).
    ...(target.panic ? { "x-floodgate-panic": "1" } : {}),
  };
}

/** The caller's region as the router saw it: `DE/EU`; `XX` for an unknown part. */
export function regionLabel(geo: CallerGeo): string {
  return `${geo.country ?? "XX"}/${geo.continent ?? "XX"}`;
}

/** The client went away before its request was answered: nobody reads this, logs do. */
function clientClosedRequest(): ApiError {
  return new ApiError({
    status: 499,
    type: "invalid_request_error",
    code: "client_closed_request",
    message: "The client closed the request before it was answered.",
  });
}

function allOriginsDown(retryAfter: number, geo: CallerGeo): ApiError {
  return new ApiError({
    status: 503,
    type: "upstream_error",
    code: "no_healthy_origin",
    message: "No origin is available to serve this request. Try again later.",
    headers: { "retry-after": String(retryAfter), "x-floodgate-region": regionLabel(geo) },
  });
}
