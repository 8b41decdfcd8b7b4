import { ApiError } from "@floodgate/contracts";
import { createDb } from "@floodgate/db";
import { MAX_LATENCY_MS } from "@floodgate/metering";
import type { Context } from "hono";
import { afterResponse } from "../after-response";
import type { AppEnv } from "../app-env";
import { onClientLeave } from "../client-leave";
import { sha256Hex } from "../crypto/sha256";
import { identityLimiter } from "../limiter/identity-limiter";
import { reservationIdFor } from "../limiter/reservation-id";
import { denialError } from "../limits/denial-error";
import { consumerCredential } from "./api-key-credential";
import { gatewayConfigs } from "./gateway-config-cache";
import {
  callerResponseHeaders,
  gatewayRateLimitHeaders,
  originRequestHeaders,
} from "./gateway-headers";
import { assertKeyUsable } from "./key-status";
import { noteKeyUse } from "./key-use";
import { fetchOrigin, originTarget } from "./origin-fetch";

const slugPattern = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** What one gateway call costs: one request, no tokens. */
const ONE_REQUEST = { requests: 1, inputTokens: 0, outputTokens: 0, costMicroUsd: 0 };

/**
 * `ANY /gw/:projectSlug/*`: authenticates the consumer key, applies its tier's rules through the
 * key identity's LimiterDO (one check before forwarding), forwards to the project's
 * `gatewayOrigin` streaming both ways, and answers with `X-RateLimit-*` headers. A denied call
 * never reaches the origin and consumes nothing; a call the origin never answered is refunded.
 * The settle or refund carries the origin's latency (arrival → response head) and whether it
 * failed (timeout, unreachable, 5xx), for the metrics. An origin's 5xx is passed on and still
 * counts: refunding it would lift the limits exactly when the origin struggles. So does a body the
 * origin breaks off or stops sending (`upstreamIdleTimeoutMs`, see `fetchOrigin`) once its head
 * came: the settle went with the head.
 */
export async function gatewayCall(c: Context<AppEnv>): Promise<Response> {
  const { config, requestId } = c.var;
  const nowMs = Date.now();
  const slug = c.req.param("projectSlug") ?? "";
  if (!slugPattern.test(slug)) throw ApiError.notFound("No such project.", "project_not_found");
  const credential = consumerCredential(c.req.raw.headers);
  const db = createDb(config.DB);
  const project = await gatewayConfigs.project(
    db,
    slug,
    config.MASTER_KEY,
    config.CONFIG_CACHE_TTL_MS,
    nowMs,
  );
  if (!project) throw ApiError.notFound("No such project.", "project_not_found");
  const key = await gatewayConfigs.key(
    db,
    project,
    await sha256Hex(credential.key),
    config.CONFIG_CACHE_TTL_MS,
    nowMs,
  );
  if (!key) throw ApiError.unauthorized("The API key is not valid.", "invalid_api_key");
  assertKeyUsable(key, nowMs);
  if (project.disabled) throw ApiError.forbidden("This project is disabled.", "project_disabled");
  const origin = project.settings.gatewayOrigin;
  if (!origin) {
    throw new ApiError({
      status: 503,
      type: "api_error",
      code: "gateway_not_configured",
      message: "This project has no gateway origin configured.",
    });
  }

  const identity = key.identity ?? key.id;
  const limiter = identityLimiter(config.LIMITER, project.id, identity);
  const later = afterResponse(c);
  const reservationId = reservationIdFor(requestId);
  const owner = { projectId: project.id, identity };
  // Until the origin's head comes, a client that leaves stops this handler: see `onClientLeave`.
  const leaving = onClientLeave(c.req.raw.signal, later);
  leaving.settle(() => limiter.refund({ ...owner, reservationId }));
  const checked = await limiter.check(
    {
      projectId: project.id,
      identity,
      rules: project.rules,
      model: null,
      tier: {
        // A key whose tier is gone (deleted while the key was created or moved onto it) falls to
        // the next tier source, like an identity whose tier was deleted, not to no tier's rules.
        claimed: project.tiers.includes(key.tier) ? key.tier : null,
        client: null,
        fallback: project.defaultTier,
        projectTiers: project.tiers,
      },
      reservationId,
      cost: ONE_REQUEST,
    },
    later,
  );
  if (!checked.ok) {
    console.error(
      JSON.stringify({
        level: "error",
        msg: "gateway: limiter rejected input",
        requestId,
        error: checked.error.message,
      }),
    );
    throw ApiError.internal();
  }
  const { decision } = checked;
  // Resets are instants the limiter chose at its own now: count down from the decision, not
  // from the request's arrival (Date.now() moved across the RPC).
  const decidedAt = Date.now();
  const limitHeaders = gatewayRateLimitHeaders(decision.rules, decidedAt);
  if (!decision.allowed) {
    const denied = denialError(decision, {
      settings: project.settings,
      identity,
      tier: key.tier,
      model: null,
      nowMs: decidedAt,
    });
    throw denied.withHeaders(limitHeaders);
  }

  const url = new URL(c.req.url);
  const prefix = `/gw/${slug}`;
  const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) || "/" : "/";
  let target: ReturnType<typeof originTarget>;
  try {
    target = originTarget(origin, path, url.search, c.env);
  } catch (err) {
    // The origin's binding is missing from the deployment: the caller is not charged for it.
    later(limiter.refund({ ...owner, reservationId, upstreamError: true }));
    throw err instanceof ApiError ? err.withHeaders(limitHeaders) : err;
  }
  const method = c.req.method;
  const result = await fetchOrigin(
    target,
    {
      method,
      headers: originRequestHeaders(c.req.raw.headers, credential.header, {
        keyId: key.id,
        identity,
        tier: key.tier,
        requestId,
      }),
      body: method === "GET" || method === "HEAD" ? null : c.req.raw.body,
      cf: c.req.raw.cf,
    },
    { headMs: project.settings.upstreamTimeoutMs, idleMs: project.settings.upstreamIdleTimeoutMs },
    c.req.raw.signal,
  );
  // The head came (or the call failed): settled or refunded below, whatever the client does now.
  leaving.done();
  // Date.now() only advances across I/O in workerd: this is the wait for the origin's head.
  const latencyMs = Math.min(Math.max(Date.now() - nowMs, 0), MAX_LATENCY_MS);
  if (!result.ok) {
    // A caller who went away is no origin error; a timeout's latency is the wait it cost.
    const outcome = c.req.raw.signal.aborted
      ? {}
      : { upstreamError: true, ...(result.reason === "timeout" ? { latencyMs } : {}) };
    later(limiter.refund({ ...owner, reservationId, ...outcome }));
    throw new ApiError(
      result.reason === "timeout"
        ? {
            status: 504,
            type: "upstream_error",
            code: "origin_timeout",
            message: "The origin did not answer in time.",
            headers: limitHeaders,
          }
        : {
            status: 502,
            type: "upstream_error",
            code: "origin_unavailable",
            message: "The origin is not reachable.",
            headers: limitHeaders,
          },
    );
  }
  // The settle waits for the identity's next call to carry it (see `SettleQueue`).
  later(
    limiter.settle(
      {
        reservationId,
        model: null,
        cost: ONE_REQUEST,
        latencyMs,
        upstreamError: result.response.status >= 500,
      },
      config.SETTLE_BATCH_MS,
    ),
  );
  later(noteKeyUse(db, key.id, nowMs));
  const headers = callerResponseHeaders(result.response.headers);
  for (const [name, value] of Object.entries(limitHeaders)) headers.set(name, value);
  headers.set("x-request-id", requestId);
  return new Response(result.response.body, {
    status: result.response.status,
    statusText: result.response.statusText,
    headers,
  });
}
