/** Price of a model in micro-USD per million tokens ($2.50 / 1M tokens = 2_500_000). */
export interface ModelPrice {
  inputMicroUsdPerMTok: number;
  outputMicroUsdPerMTok: number;
}

const usd = (input: number, output: number): ModelPrice => ({
  inputMicroUsdPerMTok: Math.round(input * 1_000_000),
  outputMicroUsdPerMTok: Math.round(output * 1_000_000),
});

/**
 * List prices (USD per 1M tokens) of common models, by model glob; the first match wins, so more
 * specific globs come first. Projects override or extend it with their own `prices` setting.
 * A model that matches nothing costs 0 here (its tokens and requests are still limited); the
 * proxy refuses it where a money limit applies, so it is never spent for free.
 */
export const builtInPrices: readonly (readonly [pattern: string, price: ModelPrice])[] = [
  ["gpt-4o-mini*", usd(0.15, 0.6)],
  ["gpt-4o*", usd(2.5, 10)],
  ["gpt-4.1-nano*", usd(0.1, 0.4)],
  ["gpt-4.1-mini*", usd(0.4, 1.6)],
  ["gpt-4.1*", usd(2, 8)],
  ["gpt-4.5*", usd(75, 150)],
  ["gpt-4-turbo*", usd(10, 30)],
  ["gpt-4-32k*", usd(60, 120)],
  ["gpt-4*", usd(30, 60)],
  ["chatgpt-4o*", usd(5, 15)],
  ["gpt-5-pro*", usd(15, 120)],
  ["gpt-5-nano*", usd(0.05, 0.4)],
  ["gpt-5-mini*", usd(0.25, 2)],
  ["gpt-5*", usd(1.25, 10)],
  ["o4-mini-deep-research*", usd(2, 8)],
  ["o4-mini*", usd(1.1, 4.4)],
  ["o3-mini*", usd(1.1, 4.4)],
  ["o3-pro*", usd(20, 80)],
  ["o3-deep-research*", usd(10, 40)],
  ["o3*", usd(2, 8)],
  ["o1-pro*", usd(150, 600)],
  ["o1*", usd(15, 60)],
  ["gpt-3.5-turbo*", usd(0.5, 1.5)],
  ["text-embedding-3-small*", usd(0.02, 0)],
  ["text-embedding-3-large*", usd(0.13, 0)],
  ["text-embedding-ada-002*", usd(0.1, 0)],
  ["claude-opus-4*", usd(15, 75)],
  ["claude-sonnet-4*", usd(3, 15)],
  ["claude-3-7-sonnet*", usd(3, 15)],
  ["claude-3-5-haiku*", usd(0.8, 4)],
  ["claude-3-5-sonnet*", usd(3, 15)],
  ["claude-3-opus*", usd(15, 75)],
  ["claude-3-haiku*", usd(0.25, 1.25)],
  ["claude-haiku-4*", usd(1, 5)],
  ["gemini-2.5-pro*", usd(1.25, 10)],
  ["gemini-2.5-flash-lite*", usd(0.1, 0.4)],
  ["gemini-2.5-flash*", usd(0.3, 2.5)],
  ["gemini-2.0-flash*", usd(0.1, 0.4)],
  ["gemini-1.5-pro*", usd(1.25, 5)],
  ["gemini-1.5-flash*", usd(0.075, 0.3)],
  ["grok-4*", usd(3, 15)],
  ["grok-3-mini*", usd(0.3, 0.5)],
  ["grok-3*", usd(3, 15)],
  ["llama-3.1-8b*", usd(0.05, 0.08)],
  ["llama-3.3-70b*", usd(0.59, 0.79)],
];
