import { ApiError } from "@floodgate/contracts";
import type { Context } from "hono";
import { afterResponse } from "../../after-response";
import type { AppEnv } from "../../app-env";
import { identityLimiter } from "../../limiter/identity-limiter";
import { windowLabel } from "../../limits/describe-window";
import { rateLimitHeaders } from "../../limits/rate-limit-headers";

/**
 * `GET /v1/limits[?model=…]`: the identity's rules, usage, remaining and resets, with the same
 * rate-limit headers as a proxied call — spending nothing.
 */
export async function limits(c: Context<AppEnv>): Promise<Response> {
  const { caller, config, requestId } = c.var;
  const model = c.req.query("model") ?? null;
  if (model !== null && (model.length === 0 || model.length > 200)) {
    throw ApiError.badRequest("'model' must be 1 to 200 characters.", "model");
  }
  // Carries this identity's waiting settles, so the answer shows the real usage of finished calls.
  const limiter = identityLimiter(config.LIMITER, caller.project.id, caller.identity);
  const peeked = await limiter.peek(
    {
      projectId: caller.project.id,
      identity: caller.identity,
      rules: caller.project.rules,
      model,
      tier: caller.tier,
      ...(caller.session
        ? { session: caller.session, sessionRules: caller.project.sessionRules }
        : {}),
    },
    afterResponse(c),
  );
  if (!peeked.ok) {
    console.error(
      JSON.stringify({
        level: "error",
        msg: "limiter rejected input",
        requestId,
        error: peeked.error.message,
      }),
    );
    throw ApiError.internal();
  }
  const now = Date.now();
  for (const [name, value] of Object.entries(rateLimitHeaders(peeked.rules, now)))
    c.header(name, value);
  return c.json({
    object: "floodgate.limits",
    identity: caller.identity,
    tier: peeked.tier,
    model,
    rules: peeked.rules.map((r) => ({
      id: r.id,
      metric: r.metric,
      window: windowLabel(r.window),
      limit: r.limit,
      used: r.used,
      remaining: r.remaining,
      resets_at: new Date(r.resetAt).toISOString(),
      resets_in_ms: Math.max(0, r.resetAt - now),
    })),
  });
}
