import type { Metric } from "./metric";

/** What a request uses (an estimate before it runs, the actual usage when it is settled). */
export interface Cost {
  /** Requests, usually 1. Integer ≥ 0. */
  requests: number;
  /** Input (prompt) tokens. Integer ≥ 0. */
  inputTokens: number;
  /** Output (completion) tokens. Integer ≥ 0. */
  outputTokens: number;
  /** Price in millionths of a US dollar. Integer ≥ 0. */
  costMicroUsd: number;
}

/** Gifted credits: a balance on the identity, or the part of one request they paid for. */
export interface GiftCredits {
  /** Requests. Integer ≥ 0. */
  requests: number;
  /** Tokens (input + output). Integer ≥ 0. */
  tokens: number;
}

/** A cost of nothing, e.g. for a refund. */
export const ZERO_COST: Readonly<Cost> = Object.freeze({
  requests: 0,
  inputTokens: 0,
  outputTokens: 0,
  costMicroUsd: 0,
});

/** Metric codes, in the order of `METRICS`; a slot key starts with the metric's name. */
export const METRIC_REQUESTS = 0;
export const METRIC_TOKENS = 1;
export const METRIC_INPUT_TOKENS = 2;
export const METRIC_OUTPUT_TOKENS = 3;
export const METRIC_COST = 4;

/** A {@link Metric} as a small integer for the hot path. */
export type MetricCode = 0 | 1 | 2 | 3 | 4;

/** The {@link MetricCode} of a metric. */
export function metricCode(metric: Metric): MetricCode {
  switch (metric) {
    case "requests":
      return METRIC_REQUESTS;
    case "tokens":
      return METRIC_TOKENS;
    case "input_tokens":
      return METRIC_INPUT_TOKENS;
    case "output_tokens":
      return METRIC_OUTPUT_TOKENS;
    case "cost_micro_usd":
      return METRIC_COST;
  }
}

/** Throws if a cost is not made of integers ≥ 0: a bad cost would corrupt the counters. */
export function assertCost(cost: Cost): void {
  if (
    !(cost.requests >= 0 && Number.isSafeInteger(cost.requests)) ||
    !(cost.inputTokens >= 0 && Number.isSafeInteger(cost.inputTokens)) ||
    !(cost.outputTokens >= 0 && Number.isSafeInteger(cost.outputTokens)) ||
    !(cost.costMicroUsd >= 0 && Number.isSafeInteger(cost.costMicroUsd))
  ) {
    throw new RangeError("cost fields must be integers ≥ 0");
  }
}

/**
 * The amount of `metric` a cost charges to the regular rules once gifted credits paid their part.
 *
 * Gifted requests cover the `requests` metric. Gifted tokens cover input tokens first, then
 * output tokens, and the same share of the price (the charged price is rounded up, so a gift
 * never pays more than its share).
 *
 * @param giftedRequests requests paid by the gift, ≤ `cost.requests`
 * @param giftedTokens tokens paid by the gift, ≤ input + output tokens
 */
export function chargedAmount(
  metric: MetricCode,
  cost: Cost,
  giftedRequests: number,
  giftedTokens: number,
): number {
  switch (metric) {
    case METRIC_REQUESTS:
      return cost.requests - giftedRequests;
    case METRIC_TOKENS:
      return cost.inputTokens + cost.outputTokens - giftedTokens;
    case METRIC_INPUT_TOKENS:
      return cost.inputTokens - Math.min(giftedTokens, cost.inputTokens);
    case METRIC_OUTPUT_TOKENS:
      return cost.outputTokens - (giftedTokens - Math.min(giftedTokens, cost.inputTokens));
    default: {
      if (giftedTokens === 0) return cost.costMicroUsd;
      const tokens = cost.inputTokens + cost.outputTokens;
      return cost.costMicroUsd - Math.floor((cost.costMicroUsd * giftedTokens) / tokens);
    }
  }
}
