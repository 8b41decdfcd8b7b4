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
 * Reads `usage` from any OpenAI-shaped body: chat (`prompt_tokens`/`completion_tokens`),
 * responses and images (`input_tokens`/`output_tokens`), embeddings (`prompt_tokens`).
 */
export function usageFromJson(body: unknown): Usage | null {
  if (typeof body !== "object" || body === null) return null;
  const usage = (body as { usage?: unknown }).usage;
  if (typeof usage !== "object" || usage === null) return null;
  const u = usage as Record<string, unknown>;
  if ("prompt_tokens" in u || "completion_tokens" in u) {
    return { inputTokens: count(u.prompt_tokens), outputTokens: count(u.completion_tokens) };
  }
  if ("input_tokens" in u || "output_tokens" in u) {
    return { inputTokens: count(u.input_tokens), outputTokens: count(u.output_tokens) };
  }
  return null;
}
