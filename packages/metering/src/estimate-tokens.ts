/**
 * Token estimates made before a request runs, so the limiter can reserve enough. They err high
 * on purpose (a reservation is settled with the provider's real usage afterwards): text is
 * counted at one token per 4 characters, rounded up, plus a few tokens per message.
 */

/** Tokens per message for role and framing, as OpenAI's chat format adds. */
const perMessageOverhead = 4;
/** A flat guess for an image part of a message. */
const imagePartTokens = 765;
/** Output tokens reserved when the request sets no maximum. */
export const defaultMaxOutputTokens = 1024;

/**
 * The most tokens counted one way for one call, estimated or reported: far above any model's
 * window, and low enough that counts and costs stay exact integers. A request asking for more
 * (`max_tokens: 1e308`) reserves this much, and is decided on it.
 */
export const MAX_COUNTED_TOKENS = 1_000_000_000;

/** `tokens`, at most `MAX_COUNTED_TOKENS`. */
export function cappedTokens(tokens: number): number {
  return Math.min(tokens, MAX_COUNTED_TOKENS);
}

export interface TokenEstimate {
  inputTokens: number;
  outputTokens: number;
}

export function textTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function contentTokens(content: unknown): number {
  if (typeof content === "string") return textTokens(content);
  if (!Array.isArray(content)) return 0;
  let tokens = 0;
  for (const part of content) {
    if (typeof part === "string") tokens += textTokens(part);
    else if (typeof part === "object" && part !== null) {
      const p = part as Record<string, unknown>;
      if (typeof p.text === "string") tokens += textTokens(p.text);
      else if (p.type === "image_url" || p.type === "input_image") tokens += imagePartTokens;
      else if (typeof p.input_audio === "object") tokens += imagePartTokens;
    }
  }
  return tokens;
}

function positiveInt(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
}

/** `POST /v1/chat/completions`: messages in, `max_completion_tokens`/`max_tokens` (× `n`) out. */
export function estimateChatTokens(body: Record<string, unknown>): TokenEstimate {
  let input = 3;
  if (Array.isArray(body.messages)) {
    for (const message of body.messages) {
      if (typeof message !== "object" || message === null) continue;
      const m = message as Record<string, unknown>;
      input += perMessageOverhead + contentTokens(m.content);
      if (m.tool_calls !== undefined) input += textTokens(JSON.stringify(m.tool_calls));
    }
  }
  if (body.tools !== undefined) input += textTokens(JSON.stringify(body.tools));
  const maxOut =
    positiveInt(body.max_completion_tokens) ??
    positiveInt(body.max_tokens) ??
    defaultMaxOutputTokens;
  const n = positiveInt(body.n) ?? 1;
  return { inputTokens: cappedTokens(input), outputTokens: cappedTokens(maxOut * n) };
}

/** `POST /v1/responses`: `input` (string or items) and `instructions` in, `max_output_tokens` out. */
export function estimateResponsesTokens(body: Record<string, unknown>): TokenEstimate {
  let input = 0;
  if (typeof body.instructions === "string") input += textTokens(body.instructions);
  if (typeof body.input === "string") input += textTokens(body.input);
  else if (Array.isArray(body.input)) {
    for (const item of body.input) {
      if (typeof item !== "object" || item === null) continue;
      input += perMessageOverhead + contentTokens((item as Record<string, unknown>).content);
    }
  }
  if (body.tools !== undefined) input += textTokens(JSON.stringify(body.tools));
  return {
    inputTokens: cappedTokens(input),
    outputTokens: cappedTokens(positiveInt(body.max_output_tokens) ?? defaultMaxOutputTokens),
  };
}

/** `POST /v1/embeddings`: the input texts; no output tokens. */
export function estimateEmbeddingTokens(body: Record<string, unknown>): TokenEstimate {
  const input = body.input;
  let tokens = 0;
  if (typeof input === "string") tokens = textTokens(input);
  else if (Array.isArray(input)) {
    for (const item of input) {
      if (typeof item === "string") tokens += textTokens(item);
      else if (Array.isArray(item))
        tokens += item.length; // already tokenized
      else if (typeof item === "number") tokens += 1;
    }
  }
  return { inputTokens: cappedTokens(tokens), outputTokens: 0 };
}

/** `POST /v1/images/generations`: the prompt; images are metered as requests. */
export function estimateImageTokens(body: Record<string, unknown>): TokenEstimate {
  return {
    inputTokens: typeof body.prompt === "string" ? cappedTokens(textTokens(body.prompt)) : 0,
    outputTokens: 0,
  };
}
