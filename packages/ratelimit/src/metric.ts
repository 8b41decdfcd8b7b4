/**
 * What a rule counts.
 *
 * - `requests`: number of requests.
 * - `tokens`: input + output tokens.
 * - `input_tokens`, `output_tokens`: one side only.
 * - `cost_micro_usd`: money, in millionths of a US dollar (1 USD = 1,000,000).
 */
export type Metric = "requests" | "tokens" | "input_tokens" | "output_tokens" | "cost_micro_usd";

/** Every {@link Metric}, in a stable order. */
export const METRICS: readonly Metric[] = [
  "requests",
  "tokens",
  "input_tokens",
  "output_tokens",
  "cost_micro_usd",
];

/** Whether a value is one of the {@link METRICS}. */
export function isMetric(value: unknown): value is Metric {
  return typeof value === "string" && (METRICS as readonly string[]).includes(value);
}
