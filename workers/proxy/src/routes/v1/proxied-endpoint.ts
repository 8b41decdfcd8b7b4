import { ApiError } from "@floodgate/contracts";
import type { ReadBody } from "@floodgate/http";
import {
  costMicroUsd,
  MAX_LATENCY_MS,
  type ModelPrice,
  priceOf,
  type TokenEstimate,
} from "@floodgate/metering";
import type { Cost, RuleUsage } from "@floodgate/ratelimit";
import type { Context } from "hono";
import { afterResponse } from "../../after-response";
import type { AppEnv } from "../../app-env";
import { onClientLeave } from "../../client-leave";
import { identityLimiter } from "../../limiter/identity-limiter";
import { reservationIdFor } from "../../limiter/reservation-id";
import { denialError } from "../../limits/denial-error";
import { rateLimitHeaders, warningHeader } from "../../limits/rate-limit-headers";
import { resolveProvider } from "../../providers/resolve-provider";
import { callProvider, isBodyStalled, type ProviderAnswer } from "../../upstream/call-provider";
import { providerAuthorization } from "../../upstream/provider-authorization";
import { logKeyRejected, providerFailure, upstreamFailed } from "../../upstream/upstream-failed";
import { tapJsonUsage } from "../../usage/json-usage-tap";
import { requestStreamUsage } from "../../usage/request-stream-usage";
import { type StreamOutcome, tapSseUsage } from "../../usage/sse-usage-tap";
import { type Usage, usageFromJson } from "../../usage/usage";
import { readJsonBody } from "./read-json-body";
import { readMultipartBody } from "./read-multipart-body";

/** How one OpenAI endpoint is proxied and metered. */
export interface EndpointSpec {
  /** Path below the provider's base URL, e.g. `/chat/completions`. */
  path: string;
  /** `json` bodies are read and estimated; `multipart` ones are forwarded byte for byte. */
  body: "json" | "multipart";
  /** Tokens to reserve for a JSON body (multipart endpoints are metered as requests only). */
  estimate?: (body: Record<string, unknown>) => TokenEstimate;
  /** The event-stream flavour a `stream: true` request gets back. */
  stream?: "chat" | "responses";
}

interface Prepared {
  model: string;
  body: BodyInit;
  stream: boolean;
  /** Chat streams: the client asked for the usage chunk itself. */
  clientWantsUsage: boolean;
  estimate: TokenEstimate;
}

async function prepare(spec: EndpointSpec, request: Request): Promise<Prepared> {
  if (spec.body === "multipart") {
    const body = await readMultipartBody(request);
    return {
      model: body.model,
      body: body.bytes,
      stream: false,
      clientWantsUsage: false,
      estimate: { inputTokens: 0, outputTokens: 0 },
    };
  }
  const body = await readJsonBody(request);
  const estimate = spec.estimate?.(body.json) ?? { inputTokens: 0, outputTokens: 0 };
  if (!(body.stream && spec.stream === "chat")) {
    return {
      model: body.model,
      body: body.text,
      stream: body.stream,
      clientWantsUsage: false,
      estimate,
    };
  }
  // Streaming chat: always ask the provider for usage; strip the chunk again if the client did not.
  const options = body.json.stream_options;
  const clientWantsUsage =
    typeof options === "object" &&
    options !== null &&
    (options as Record<string, unknown>).include_usage === true;
  const upstreamBody = clientWantsUsage ? body.text : requestStreamUsage(body.text, body.json);
  return { model: body.model, body: upstreamBody, stream: true, clientWantsUsage, estimate };
}

function costOf(usage: TokenEstimate | Usage, price: ModelPrice | null): Cost {
  return {
    requests: 1,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    costMicroUsd: costMicroUsd(price, usage.inputTokens, usage.outputTokens),
  };
}

/** What the settle or refund reports about the upstream call, for the metrics. */
interface UpstreamOutcome {
  latencyMs?: number;
  upstreamError?: boolean;
}

/**
 * The hot path for one endpoint: read the body once, route the model to its provider,
 * make ONE check-and-reserve call to the identity's LimiterDO, forward, stream the answer back
 * untouched (rate-limit headers before the first byte), and settle the real usage — or refund —
 * after the response, in `waitUntil`. A settle rides on the identity's next check when that comes
 * within `SETTLE_BATCH_MS` (and the check carries any settles waiting for it). The settle or
 * refund also carries the upstream latency (arrival → response head) and whether the upstream
 * failed, for the metrics.
 */
export function proxiedEndpoint(spec: EndpointSpec) {
  return async function proxied(c: Context<AppEnv>): Promise<Response> {
    const startedAt = Date.now();
    // In workerd Date.now() advances only across I/O, and the upstream call is I/O: this is real.
    const elapsedMs = () => Math.min(Math.max(Date.now() - startedAt, 0), MAX_LATENCY_MS);
    const { caller, config, requestId } = c.var;
    const { project } = caller;
    const { settings } = project;
    const prepared = await prepare(spec, c.req.raw);
    const { model, estimate } = prepared;
    const target = resolveProvider(settings, model);
    if (!target) {
      throw ApiError.badRequest(
        `No provider is configured for model '${model}'.`,
        "model",
        "unknown_model",
      );
    }
    const authorization = providerAuthorization(caller, target, c.req.header("authorization"));
    const price = priceOf(model, settings.prices);

    const limiter = identityLimiter(config.LIMITER, project.id, caller.identity);
    const session = caller.session ?? undefined;
    const owner = { projectId: project.id, identity: caller.identity, session };
    const later = afterResponse(c);
    const reservationId = reservationIdFor(requestId);
    const refund = async (outcome: UpstreamOutcome): Promise<void> => {
      await limiter.refund({ ...owner, reservationId, model, ...outcome });
    };
    // Until an answer is handed back, a client that leaves stops this handler: see `onClientLeave`.
    const leaving = onClientLeave(c.req.raw.signal, later);
    leaving.settle(() => refund({}));
    try {
      const checked = await limiter.check(
        {
          ...owner,
          reservationId,
          model,
          tier: caller.tier,
          rules: project.rules,
          ...(session ? { sessionRules: project.sessionRules } : {}),
          cost: costOf(estimate, price),
        },
        later,
      );
      const now = Date.now();
      if (!checked.ok) {
        console.error(
          JSON.stringify({
            level: "error",
            msg: "limiter rejected input",
            requestId,
            error: checked.error.message,
          }),
        );
        throw ApiError.internal();
      }
      const { decision, tier } = checked;
      if (!decision.allowed) {
        throw denialError(decision, {
          settings,
          identity: caller.identity,
          tier,
          model,
          nowMs: now,
        });
      }
      // On the answer, and on an error answered in its place.
      const limitHeaders = rateLimitHeaders(decision.rules, now);

      // The settle waits for the identity's next call to carry it (see `SettleQueue`).
      const settleWith = (usage: TokenEstimate | Usage, outcome: UpstreamOutcome): Promise<void> =>
        limiter.settle(
          { reservationId, session, model, cost: costOf(usage, price), ...outcome },
          config.SETTLE_BATCH_MS,
        );
      if (price === null && decision.rules.some(isMoneyLimit)) {
        // A model without a price would cost 0 against a money limit: spent for free. Nothing is
        // counted; the project prices it (settings.prices) to let it through.
        later(refund({}));
        throw ApiError.badRequest(
          `Model '${model}' has no price in this project, and a cost limit applies to it. The project must set its price (settings.prices).`,
          "model",
          "model_not_priced",
        );
      }

      let upstream: ProviderAnswer;
      try {
        upstream = await callProvider(c.env, {
          target,
          path: spec.path,
          method: "POST",
          incomingHeaders: c.req.raw.headers,
          body: prepared.body,
          authorization,
          timeoutMs: settings.upstreamTimeoutMs,
          idleTimeoutMs: settings.upstreamIdleTimeoutMs,
          clientSignal: c.req.raw.signal,
          cf: c.req.raw.cf as IncomingRequestCfProperties | undefined,
        });
      } catch (err) {
        // A client that went away is no upstream error; a timeout's latency is the wait it cost.
        const timedOut = err instanceof ApiError && err.code === "upstream_timeout";
        later(
          refund(
            c.req.raw.signal.aborted
              ? {}
              : { upstreamError: true, ...(timedOut ? { latencyMs: elapsedMs() } : {}) },
          ),
        );
        throw err instanceof ApiError ? err.withHeaders(limitHeaders) : err;
      }
      const head: UpstreamOutcome = { latencyMs: elapsedMs() };
      // The provider did the work: a client that leaves while its answer is read keeps the estimate.
      leaving.settle(() => settleWith(estimate, head));
      // How a body that ended (or `failed`) is reported: a client that went away is no upstream error.
      const afterBody = (failed: boolean): UpstreamOutcome =>
        failed && !c.req.raw.signal.aborted ? { ...head, upstreamError: true } : head;

      // `callProvider` built this response and its headers: add ours to them, no copy.
      const { headers } = upstream;
      for (const [name, value] of Object.entries(limitHeaders)) headers.set(name, value);
      const warning = warningHeader(decision.rules, settings.warningThreshold);
      if (warning) headers.set("x-floodgate-warning", warning);
      if (tier) headers.set("x-floodgate-tier", tier);

      const failure = providerFailure(upstream, target.route.keyMode === "stored");
      if (failure) {
        later(refund({ ...head, upstreamError: true }));
        await upstream.cancel();
        if (failure.code === "provider_key_rejected") logKeyRejected(requestId, project.id, target);
        throw failure.withHeaders(limitHeaders);
      }
      if (!upstream.ok || !upstream.hasBody) {
        // The provider refused the call (bad parameters, its own rate limit, …): pass its answer on.
        later(refund(head));
        return new Response(upstream.stream(), { status: upstream.status, headers });
      }

      const isEventStream = (headers.get("content-type") ?? "").includes("text/event-stream");
      if (isEventStream) {
        // Piped event by event, never held: a chat or Responses stream the client asked for, or
        // any other (an image or transcription stream), metered from the usage it reports.
        const kind = prepared.stream && spec.stream ? spec.stream : "events";
        // It has a body (`hasBody` above).
        const { body, outcome } = tapSseUsage(upstream.stream() as ReadableStream<Uint8Array>, {
          kind,
          stripUsageChunk: kind === "chat" && !prepared.clientWantsUsage,
          // A provider that stopped sending: the client's stream ends with an error event the SDKs
          // raise (`{"error": …}`), rather than hanging or dropping.
          lastEventOnError: (err) =>
            isBodyStalled(err) ? JSON.stringify(err.toEnvelope(requestId)) : null,
        });
        later(
          outcome.then((o) => {
            const settled = afterBody(o.failed);
            return kind === "events"
              ? settleWith(o.usage ?? estimate, settled)
              : settleStream(
                  o,
                  estimate,
                  (usage) => settleWith(usage, settled),
                  () => refund(settled),
                );
          }),
        );
        return new Response(body, { status: upstream.status, headers });
      }

      // A whole answer (not a stream): read once, metered from its `usage`, passed on as read.
      let read: ReadBody;
      try {
        read = await upstream.read();
      } catch (err) {
        if (isBodyStalled(err)) {
          // Like a head that never came: the client got nothing, so nothing is counted.
          later(refund({ upstreamError: true, latencyMs: elapsedMs() }));
          throw err.withHeaders(limitHeaders);
        }
        // Cut before its end: the provider did the work, so the estimate stays counted. A client
        // that went away (its disconnect cancels the upstream call) is no upstream error.
        later(settleWith(estimate, afterBody(true)));
        throw upstreamFailed(
          "The upstream provider's answer was cut off before its end.",
          limitHeaders,
        );
      }
      if (read.whole) {
        later(settleWith(usageOfBody(read.bytes, headers) ?? estimate, head));
        return new Response(read.bytes, { status: upstream.status, headers });
      }
      // Too large to hold (`WHOLE_ANSWER_MAX_BYTES`): passed on as it comes, its usage read on the
      // way. Its status is sent already, so a cut now errors the body and keeps the estimate.
      console.warn(
        JSON.stringify({
          level: "warn",
          msg: "whole answer too large to hold, streamed",
          requestId,
          projectId: project.id,
          path: spec.path,
          bytesRead: read.bytesRead,
        }),
      );
      const json = isJson(headers);
      const { body, outcome } = tapJsonUsage(read.stream);
      later(
        outcome.then((o) => settleWith((json ? o.usage : null) ?? estimate, afterBody(o.failed))),
      );
      return new Response(body, { status: upstream.status, headers });
    } finally {
      leaving.done();
    }
  };
}

/**
 * Settles a finished stream: with the provider's usage when it arrived; with what was delivered
 * when the stream was cut after some output; by a refund when nothing was produced.
 */
function settleStream(
  outcome: StreamOutcome,
  estimate: TokenEstimate,
  settleWith: (usage: TokenEstimate) => Promise<unknown>,
  refund: () => Promise<unknown>,
): Promise<unknown> {
  if (outcome.usage) return settleWith(outcome.usage);
  if (outcome.deliveredChars > 0 || outcome.completed) {
    return settleWith({
      inputTokens: estimate.inputTokens,
      outputTokens: Math.ceil(outcome.deliveredChars / 4),
    });
  }
  return refund();
}

/** The `usage` of a JSON answer; null for another content type or a body that is not JSON. */
function usageOfBody(bytes: Uint8Array, headers: Headers): Usage | null {
  if (!isJson(headers)) return null;
  try {
    return usageFromJson(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    return null;
  }
}

function isJson(headers: Headers): boolean {
  return (headers.get("content-type") ?? "").includes("json");
}

/** A rule on money with a limit: a request it counts needs a price. */
function isMoneyLimit(rule: RuleUsage): boolean {
  return rule.metric === "cost_micro_usd" && rule.limit !== null;
}
