import type { Reply } from "../fake/reply";
import type { SseFrame } from "../http/event-stream";

/** Everything a chat completion (JSON or stream) is built from. */
export interface ChatPlan {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
  reply: Reply;
  promptTokens: number;
  /** False when `x-mock-no-usage` is set. */
  withUsage: boolean;
  /** `stream_options.include_usage` (streams only). */
  includeUsage: boolean;
}

function usage(plan: ChatPlan) {
  const completionTokens = plan.reply.pieces.length;
  return {
    prompt_tokens: plan.promptTokens,
    completion_tokens: completionTokens,
    total_tokens: plan.promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function finishReason(plan: ChatPlan): "stop" | "length" {
  return plan.reply.truncated ? "length" : "stop";
}

/** The `chat.completion` object of a non-streaming request. */
export function chatCompletion(plan: ChatPlan) {
  return {
    id: plan.id,
    object: "chat.completion",
    created: plan.created,
    model: plan.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: plan.reply.text, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: finishReason(plan),
      },
    ],
    ...(plan.withUsage ? { usage: usage(plan) } : {}),
    service_tier: "default",
    system_fingerprint: "fp_mock",
  };
}

/**
 * The `chat.completion.chunk` events of a streaming request, framed as OpenAI does: a role
 * chunk, one chunk per word, a chunk with `finish_reason`, then — only with
 * `include_usage` — a chunk with `choices: []` and `usage` (the others then carry
 * `usage: null`), and finally `[DONE]`.
 */
export function* chatCompletionChunks(plan: ChatPlan): Generator<SseFrame> {
  const usageChunk = plan.includeUsage && plan.withUsage;
  const chunk = (choices: unknown[], usageValue?: unknown): SseFrame => ({
    data: JSON.stringify({
      id: plan.id,
      object: "chat.completion.chunk",
      created: plan.created,
      model: plan.model,
      service_tier: "default",
      system_fingerprint: "fp_mock",
      choices,
      ...(usageChunk ? { usage: usageValue ?? null } : {}),
    }),
  });
  const choice = (delta: object, finish: string | null = null) => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finish,
  });

  yield chunk([choice({ role: "assistant", content: "", refusal: null })]);
  for (const piece of plan.reply.pieces) yield chunk([choice({ content: piece })]);
  yield chunk([choice({}, finishReason(plan))]);
  if (usageChunk) yield chunk([], usage(plan));
  yield { data: "[DONE]" };
}
