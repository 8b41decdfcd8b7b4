import { cappedTokens } from "@floodgate/metering";

/** Tokens a call really used, as the provider reported them. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

/** A reported count: a whole number of tokens, at most `MAX_COUNTED_TOKENS`; 0 if it is none. */
function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0
    ? cappedTokens(Math.floor(value))
    : 0;
}

/**
 * Input and output of a usage report, plus the reasoning tokens a provider reports beside the
 * output rather than inside it: xAI's `total_tokens` is input + output + reasoning, OpenAI's is
 * input + output (its reasoning is part of the output, so it is not added again).
 */
function withReasoning(
  u: Record<string, unknown>,
  input: number,
  output: number,
  details: unknown,
): Usage {
  const reasoning =
    typeof details === "object" && details !== null
      ? count((details as Record<string, unknown>).reasoning_tokens)
      : 0;
  const beside = reasoning > 0 && count(u.total_tokens) >= input + output + reasoning;
  return { inputTokens: input, outputTokens: beside ? cappedTokens(output + reasoning) : output };
}

/**
 * Reads `usage` from any OpenAI-shaped body: chat (`prompt_tokens`/`completion_tokens`),
 * responses and images (`input_tokens`/`output_tokens`), embeddings (`prompt_tokens`).
 */
export function usageFromJson(body: unknown): Usage | null {
  if (typeof body !== "object" || body === null) return null;
  return usageFromReport((body as { usage?: unknown }).usage);
}

/** Reads a `usage` value itself, of any shape {@link usageFromJson} knows. */
export function usageFromReport(usage: unknown): Usage | null {
  if (typeof usage !== "object" || usage === null) return null;
  const u = usage as Record<string, unknown>;
  if ("prompt_tokens" in u || "completion_tokens" in u) {
    return withReasoning(
      u,
      count(u.prompt_tokens),
      count(u.completion_tokens),
      u.completion_tokens_details,
    );
  }
  if ("input_tokens" in u || "output_tokens" in u) {
    return withReasoning(u, count(u.input_tokens), count(u.output_tokens), u.output_tokens_details);
  }
  return null;
}
