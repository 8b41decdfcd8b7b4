import type { RuleUsage } from "@floodgate/ratelimit";
import { formatDuration } from "../usage/format-duration";

function tightest(rules: readonly RuleUsage[], metrics: readonly string[]): RuleUsage | null {
  let best: RuleUsage | null = null;
  for (const rule of rules) {
    if (rule.limit === null || rule.remaining === null || !metrics.includes(rule.metric)) continue;
    if (!best || rule.remaining < (best.remaining ?? Number.POSITIVE_INFINITY)) best = rule;
  }
  return best;
}

/**
 * OpenAI-style `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` for the tightest rule of
 * each kind (fewest remaining), resets written as durations (`1s`, `6m0s`). Rules on input or
 * output tokens count as token rules.
 */
export function rateLimitHeaders(
  rules: readonly RuleUsage[],
  nowMs: number,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const groups: [suffix: string, metrics: string[]][] = [
    ["requests", ["requests"]],
    ["tokens", ["tokens", "input_tokens", "output_tokens"]],
  ];
  for (const [suffix, metrics] of groups) {
    const rule = tightest(rules, metrics);
    if (!rule || rule.limit === null) continue;
    headers[`x-ratelimit-limit-${suffix}`] = String(rule.limit);
    headers[`x-ratelimit-remaining-${suffix}`] = String(rule.remaining ?? 0);
    headers[`x-ratelimit-reset-${suffix}`] = formatDuration(rule.resetAt - nowMs);
  }
  return headers;
}

/**
 * `x-floodgate-warning` when a rule is at or past `threshold` (0..1) of its limit after this
 * request, naming the most used one. A warning never blocks.
 */
export function warningHeader(rules: readonly RuleUsage[], threshold: number): string | null {
  let worst: RuleUsage | null = null;
  let worstShare = 0;
  for (const rule of rules) {
    if (rule.limit === null || rule.limit === 0) continue;
    const share = rule.used / rule.limit;
    if (share >= threshold && share > worstShare) {
      worst = rule;
      worstShare = share;
    }
  }
  if (!worst) return null;
  return `${Math.min(100, Math.floor(worstShare * 100))}% of ${worst.metric} limit used (${worst.used}/${worst.limit}, rule ${worst.id})`;
}
