import type { ModelPrice } from "@floodgate/contracts";
import { compileModelPattern } from "@floodgate/ratelimit";

/** What a statement charges. All prices are integers in micro-USD. */
export interface Pricing {
  /** Charged per admitted request, whatever the model. */
  requestMicroUsd: number;
  /** Per-model token prices by model glob, asked for in the request; checked first. */
  models: Record<string, ModelPrice>;
  /** The project's own price table (`settings.prices`); checked second. */
  projectModels: Record<string, ModelPrice>;
}

/** One model's usage in the period. */
export interface ModelUsage {
  model: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
}

/** `units × pricePerMillion / 1e6`, rounded half up, exact for any size (BigInt). */
export function perMillion(units: number, pricePerMillion: number): number {
  const product = BigInt(units) * BigInt(pricePerMillion);
  return Number((product + 500_000n) / 1_000_000n);
}

/**
 * The price of a model: an exact key first, then the first glob that matches, in the request's
 * table before the project's. Null when neither prices it (its tokens are then free).
 */
export function priceOf(
  model: string,
  pricing: Pricing,
): { price: ModelPrice; source: "request" | "project" } | null {
  for (const [table, source] of [
    [pricing.models, "request"],
    [pricing.projectModels, "project"],
  ] as const) {
    const exact = table[model];
    if (exact) return { price: exact, source };
    for (const [pattern, price] of Object.entries(table)) {
      if (compileModelPattern(pattern)(model)) return { price, source };
    }
  }
  return null;
}

/**
 * A billing statement: one line item per model, each charge rounded to a whole micro-USD on its
 * own; the total is the sum of the line items.
 */
export function billingStatement(usage: readonly ModelUsage[], pricing: Pricing) {
  const lineItems = usage
    .filter((u) => u.requests > 0 || u.inputTokens > 0 || u.outputTokens > 0)
    .map((u) => {
      const priced = priceOf(u.model, pricing);
      const requestChargeMicroUsd = u.requests * pricing.requestMicroUsd;
      const inputChargeMicroUsd = priced
        ? perMillion(u.inputTokens, priced.price.inputMicroUsdPerMTok)
        : 0;
      const outputChargeMicroUsd = priced
        ? perMillion(u.outputTokens, priced.price.outputMicroUsdPerMTok)
        : 0;
      return {
        model: u.model,
        requests: u.requests,
        inputTokens: u.inputTokens,
        outputTokens: u.outputTokens,
        requestUnitPriceMicroUsd: pricing.requestMicroUsd,
        inputMicroUsdPerMTok: priced?.price.inputMicroUsdPerMTok ?? null,
        outputMicroUsdPerMTok: priced?.price.outputMicroUsdPerMTok ?? null,
        priceSource: priced?.source ?? null,
        requestChargeMicroUsd,
        inputChargeMicroUsd,
        outputChargeMicroUsd,
        totalMicroUsd: requestChargeMicroUsd + inputChargeMicroUsd + outputChargeMicroUsd,
      };
    });
  const totalMicroUsd = lineItems.reduce((sum, item) => sum + item.totalMicroUsd, 0);
  return { lineItems, totalMicroUsd, totalUsd: (totalMicroUsd / 1_000_000).toFixed(6) };
}
