import { contentText } from "../fake/message-text";
import { invalidRequest } from "../http/api-error";
import {
  asObject,
  optionalBoolean,
  optionalInteger,
  optionalObject,
  requireModel,
} from "../http/body-fields";
import type { JsonObject } from "../http/json-body";

/** The parts of a chat completion request the mock acts on. */
export interface ChatRequest {
  model: string;
  /** Text of every message, in order (for prompt tokens). */
  messageTexts: string[];
  /** Text of the last `user` message ("" if none): the seed of the reply. */
  lastUserText: string;
  stream: boolean;
  /** `stream_options.include_usage`. */
  includeUsage: boolean;
  /** The smaller of `max_tokens` and `max_completion_tokens`, if either is set. */
  maxTokens?: number;
}

const MAX_TOKENS_LIMIT = 1_000_000;

function parseMessages(body: JsonObject): { messageTexts: string[]; lastUserText: string } {
  const messages = body.messages;
  if (messages === undefined || messages === null) {
    throw invalidRequest(
      "Missing required parameter: 'messages'.",
      "messages",
      "missing_required_parameter",
    );
  }
  if (!Array.isArray(messages)) {
    throw invalidRequest(
      "Invalid type for 'messages': expected an array, but got another type instead.",
      "messages",
      "invalid_type",
    );
  }
  if (messages.length === 0) {
    throw invalidRequest(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      "messages",
      "empty_array",
    );
  }
  const messageTexts: string[] = [];
  let lastUserText = "";
  messages.forEach((raw: unknown, index) => {
    const message = asObject(raw);
    if (message === undefined || typeof message.role !== "string") {
      throw invalidRequest(
        `Missing required parameter: 'messages[${index}].role'.`,
        `messages[${index}].role`,
        "missing_required_parameter",
      );
    }
    const text = contentText(message.content);
    messageTexts.push(text);
    if (message.role === "user") lastUserText = text;
  });
  return { messageTexts, lastUserText };
}

/** Validates a `POST /v1/chat/completions` body with OpenAI's error wording. */
export function parseChatRequest(body: JsonObject): ChatRequest {
  const model = requireModel(body);
  const { messageTexts, lastUserText } = parseMessages(body);
  const stream = optionalBoolean(body, "stream") ?? false;
  const streamOptions = optionalObject(body, "stream_options");
  if (streamOptions !== undefined && !stream) {
    throw invalidRequest(
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      "stream_options",
    );
  }
  const includeUsage =
    streamOptions === undefined
      ? false
      : (optionalBoolean(streamOptions, "include_usage") ?? false);
  const n = optionalInteger(body, "n", 1, 128);
  if (n !== undefined && n > 1) {
    throw invalidRequest("mock-origin only supports n = 1.", "n", "unsupported_value");
  }
  const caps = [
    optionalInteger(body, "max_tokens", 1, MAX_TOKENS_LIMIT),
    optionalInteger(body, "max_completion_tokens", 1, MAX_TOKENS_LIMIT),
  ].filter((cap): cap is number => cap !== undefined);

  const request: ChatRequest = { model, messageTexts, lastUserText, stream, includeUsage };
  if (caps.length > 0) request.maxTokens = Math.min(...caps);
  return request;
}
