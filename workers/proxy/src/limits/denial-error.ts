import { ApiError, type ProjectSettings } from "@floodgate/contracts";
import type { Decision } from "@floodgate/ratelimit";
import { describeWindow, windowLabel } from "./describe-window";
import { rateLimitHeaders } from "./rate-limit-headers";
import { renderTemplate } from "./render-template";

/** A limit that frees within this long is a rate limit (retry); later, it is a quota (don't). */
export const shortWindowMs = 60_000;

export interface DenialContext {
  settings: ProjectSettings;
  identity: string;
  tier: string | null;
  model: string | null;
  nowMs: number;
}

/**
 * The error for a denied decision: 403 for a disabled identity; 429 otherwise, as a
 * retryable rate limit (`x-should-retry: true`, retry-after) when capacity frees within a minute,
 * or as exhausted quota (`x-should-retry: false`, retry-after = reset) when later or never. The
 * body names the rule that was hit and carries the project's message, upgrade URL and deep link.
 */
export function denialError(decision: Decision, ctx: DenialContext): ApiError {
  if (decision.reason === "disabled") {
    return new ApiError({
      status: 403,
      type: "permission_error",
      code: "identity_disabled",
      message: "This user has been disabled by the app.",
    });
  }
  const rule = decision.blockedBy;
  const retryAfterMs = decision.retryAfterMs;
  // A rolling window of up to a minute is a rate limit even when it frees a sub-bucket later
  // than 60 s (a 1-minute window counted in 1 s buckets frees after up to 61 s).
  const shortRolling = rule?.window.kind === "rolling" && rule.window.durationMs <= shortWindowMs;
  const quota = retryAfterMs === null || (retryAfterMs > shortWindowMs && !shortRolling);
  const headers = rateLimitHeaders(decision.rules, ctx.nowMs);
  headers["x-should-retry"] = quota ? "false" : "true";
  const waitMs = retryAfterMs ?? (rule ? Math.max(0, rule.resetAt - ctx.nowMs) : null);
  if (waitMs !== null) {
    headers["retry-after"] = String(Math.max(1, Math.ceil(waitMs / 1000)));
    headers["retry-after-ms"] = String(Math.max(0, Math.ceil(waitMs)));
  }
  const period = rule ? describeWindow(rule.window) : "";
  const values: Record<string, string> = {
    usage: String(rule?.used ?? ""),
    limit: String(rule?.limit ?? ""),
    tier: ctx.tier ?? "",
    model: ctx.model ?? "",
    period,
    identity: ctx.identity,
  };
  const custom =
    (ctx.tier ? ctx.settings.messages.tiers?.[ctx.tier] : undefined) ??
    (quota ? ctx.settings.messages.quota : ctx.settings.messages.limit);
  const fallback =
    decision.reason === "exceeds_limit"
      ? `This request needs more ${rule?.metric ?? "capacity"} than the limit of ${rule?.limit} ${period} allows.`
      : quota
        ? `Quota exceeded: ${rule?.used}/${rule?.limit} ${rule?.metric} ${period}. Resets at ${rule ? new Date(rule.resetAt).toISOString() : "the end of the period"}.`
        : `Rate limit reached: ${rule?.used}/${rule?.limit} ${rule?.metric} ${period}. Try again in ${Math.ceil((retryAfterMs ?? 0) / 1000)} s.`;
  return new ApiError({
    status: 429,
    type: quota ? "insufficient_quota" : "rate_limit_exceeded",
    code:
      decision.reason === "exceeds_limit"
        ? "request_exceeds_limit"
        : quota
          ? "quota_exceeded"
          : "limit_exceeded",
    message: custom ? renderTemplate(custom, values) : fallback,
    headers,
    extra: {
      rule_id: rule?.id ?? null,
      metric: rule?.metric ?? null,
      limit: rule?.limit ?? null,
      used: rule?.used ?? null,
      requested: rule?.requested ?? null,
      window: rule ? windowLabel(rule.window) : null,
      resets_at: rule ? new Date(rule.resetAt).toISOString() : null,
      retry_after_ms: retryAfterMs,
      tier: ctx.tier,
      model: ctx.model,
      ...(ctx.settings.upgradeUrl ? { upgrade_url: ctx.settings.upgradeUrl } : {}),
      ...(ctx.settings.deepLink ? { deep_link: ctx.settings.deepLink } : {}),
    },
  });
}
