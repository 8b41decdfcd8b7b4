import type { Reply } from "../fake/reply";
import type { SseFrame } from "../http/event-stream";
import type { ResponsesRequest } from "./responses-request";

/** Everything a Responses API answer (JSON or event stream) is built from. */
export interface ResponsePlan {
  id: string;
  messageId: string;
  /** Unix seconds. */
  createdAt: number;
  request: ResponsesRequest;
  reply: Reply;
  inputTokens: number;
  /** False when `x-mock-no-usage` is set. */
  withUsage: boolean;
}

function usage(plan: ResponsePlan) {
  const outputTokens = plan.reply.pieces.length;
  return {
    input_tokens: plan.inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: plan.inputTokens + outputTokens,
  };
}

function outputText(text: string) {
  return { type: "output_text", annotations: [], logprobs: [], text };
}

function messageItem(plan: ResponsePlan, done: boolean) {
  return {
    id: plan.messageId,
    type: "message",
    status: done ? (plan.reply.truncated ? "incomplete" : "completed") : "in_progress",
    content: done ? [outputText(plan.reply.text)] : [],
    role: "assistant",
  };
}

/**
 * The `response` object: `done: false` is the in-progress snapshot that `response.created`
 * carries (no output, `usage: null`); `done: true` is the final object, `completed`, or
 * `incomplete` when `max_output_tokens` cut the reply. The SDK-only `output_text`
 * convenience field is not sent, as OpenAI does not send it.
 */
export function responseObject(plan: ResponsePlan, done: boolean) {
  const { request } = plan;
  const truncated = done && plan.reply.truncated;
  const usageField = done ? (plan.withUsage ? { usage: usage(plan) } : {}) : { usage: null };
  return {
    id: plan.id,
    object: "response",
    created_at: plan.createdAt,
    status: done ? (truncated ? "incomplete" : "completed") : "in_progress",
    background: false,
    completed_at: done && !truncated ? plan.createdAt : null,
    error: null,
    incomplete_details: truncated ? { reason: "max_output_tokens" } : null,
    instructions: request.instructions,
    max_output_tokens: request.maxOutputTokens,
    model: request.model,
    output: done ? [messageItem(plan, true)] : [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: true,
    temperature: 1,
    text: { format: { type: "text" } },
    tool_choice: "auto",
    tools: [],
    top_p: 1,
    truncation: "disabled",
    user: null,
    metadata: {},
    ...request.echo,
    ...usageField,
  };
}

/**
 * The event stream of `stream: true`, in OpenAI's order; every event is
 * `event: <type>` plus `data` carrying the same `type` and a `sequence_number` from 0.
 * The Responses API sends no `[DONE]`.
 */
export function* responseEvents(plan: ResponsePlan): Generator<SseFrame> {
  let sequenceNumber = 0;
  const event = (type: string, fields: object): SseFrame => ({
    event: type,
    data: JSON.stringify({ type, sequence_number: sequenceNumber++, ...fields }),
  });
  const at = { item_id: plan.messageId, output_index: 0, content_index: 0 };

  yield event("response.created", { response: responseObject(plan, false) });
  yield event("response.in_progress", { response: responseObject(plan, false) });
  yield event("response.output_item.added", { output_index: 0, item: messageItem(plan, false) });
  yield event("response.content_part.added", { ...at, part: outputText("") });
  for (const piece of plan.reply.pieces) {
    yield event("response.output_text.delta", { ...at, delta: piece, logprobs: [] });
  }
  yield event("response.output_text.done", { ...at, text: plan.reply.text, logprobs: [] });
  yield event("response.content_part.done", { ...at, part: outputText(plan.reply.text) });
  yield event("response.output_item.done", { output_index: 0, item: messageItem(plan, true) });
  const final = plan.reply.truncated ? "response.incomplete" : "response.completed";
  yield event(final, { response: responseObject(plan, true) });
}
