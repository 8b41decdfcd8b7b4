import { matchesModelGlob } from "./model-glob";
import { builtInPrices, type ModelPrice } from "./prices";

/**
 * The price of a model: the project's overrides (by glob, in insertion order) first, then the
 * built-in table; null when neither knows the model.
 */
export function priceOf(
  model: string,
  overrides: Readonly<Record<string, ModelPrice>> = {},
): ModelPrice | null {
  for (const [pattern, price] of Object.entries(overrides)) {
    if (matchesModelGlob(pattern, model)) return price;
  }
  for (const [pattern, price] of builtInPrices) {
    if (matchesModelGlob(pattern, model)) return price;
  }
  return null;
}

/**
 * Cost in micro-USD of a number of tokens at a price, rounded up (never under-charges), at most
 * `Number.MAX_SAFE_INTEGER`.
 */
export function costMicroUsd(
  price: ModelPrice | null,
  inputTokens: number,
  outputTokens: number,
): number {
  if (!price) return 0;
  const cost = Math.ceil(
    (inputTokens * price.inputMicroUsdPerMTok + outputTokens * price.outputMicroUsdPerMTok) /
      1_000_000,
  );
  // An absurd price must not make a count the limiter cannot hold.
  return Math.min(cost, Number.MAX_SAFE_INTEGER);
}
