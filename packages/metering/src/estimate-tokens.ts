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

/** Part types that carry media (an image, audio or a file; base64 or a URL): estimated flat. */
const mediaPartTypes = new Set([
  "image_url",
  "input_image",
  "image",
  "input_audio",
  "audio",
  "file",
  "input_file",
]);

/** Keys whose values are framing (`role: "user"`, `type: "text"`), covered by the per-message overhead. */
const framingKeys = new Set(["role", "type"]);

/**
 * Tokens of the text anywhere in a message or input item: its content (a string or parts), tool
 * calls and their arguments, tool and function outputs, names, refusals. Every string counts but
 * the framing; a media part counts a flat guess instead of its characters. Walked with a stack of
 * its own, so no nesting is too deep for it.
 */
export function messageTokens(message: unknown): number {
  let tokens = 0;
  const stack: unknown[] = [message];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") tokens += textTokens(value);
    else if (Array.isArray(value)) for (const item of value) stack.push(item);
    else if (typeof value === "object" && value !== null) {
      const part = value as Record<string, unknown>;
      if (typeof part.type === "string" && mediaPartTypes.has(part.type)) {
        tokens += imagePartTokens;
        continue;
      }
      for (const key in part) if (!framingKeys.has(key)) stack.push(part[key]);
    }
  }
  return tokens;
}

/** Tokens of a JSON definition sent along (tools, a response schema), counted as its JSON text. */
function definitionTokens(value: unknown): number {
  return value === undefined || value === null ? 0 : textTokens(JSON.stringify(value));
}

function positiveInt(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * `POST /v1/chat/completions`: messages (with their tool calls and tool outputs), tool and
 * response-format definitions in; `max_completion_tokens`/`max_tokens` (× `n`) out.
 */
export function estimateChatTokens(body: Record<string, unknown>): TokenEstimate {
  let input = 3;
  if (Array.isArray(body.messages)) {
    for (const message of body.messages) {
      if (typeof message !== "object" || message === null) continue;
      input += perMessageOverhead + messageTokens(message);
    }
  }
  input += definitionTokens(body.tools) + definitionTokens(body.functions);
  input += definitionTokens(body.response_format);
  const maxOut =
    positiveInt(body.max_completion_tokens) ??
    positiveInt(body.max_tokens) ??
    defaultMaxOutputTokens;
  const n = positiveInt(body.n) ?? 1;
  return { inputTokens: cappedTokens(input), outputTokens: cappedTokens(maxOut * n) };
}

/**
 * `POST /v1/responses`: `instructions` and `input` (a string, or items: messages, function calls
 * and their outputs, …), tool and text-format definitions in; `max_output_tokens` out.
 */
export function estimateResponsesTokens(body: Record<string, unknown>): TokenEstimate {
  let input = 0;
  if (typeof body.instructions === "string") input += textTokens(body.instructions);
  if (typeof body.input === "string") input += textTokens(body.input);
  else if (Array.isArray(body.input)) {
    for (const item of body.input) {
      if (typeof item !== "object" || item === null) continue;
      input += perMessageOverhead + messageTokens(item);
    }
  }
  input += definitionTokens(body.tools);
  const text = body.text as { format?: unknown } | undefined;
  if (typeof text === "object" && text !== null) input += definitionTokens(text.format);
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
