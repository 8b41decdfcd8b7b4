import { contentText } from "../fake/message-text";
import { invalidRequest } from "../http/api-error";
import {
  asObject,
  optionalBoolean,
  optionalInteger,
  optionalString,
  requireModel,
} from "../http/body-fields";
import type { JsonObject } from "../http/json-body";

/** The parts of a `POST /v1/responses` body the mock acts on or echoes back. */
export interface ResponsesRequest {
  model: string;
  /** Text of `instructions` (if any) then of every input item, for input tokens. */
  messageTexts: string[];
  /** Text of the last user input ("" if none): the seed of the reply. */
  lastUserText: string;
  stream: boolean;
  instructions: string | null;
  maxOutputTokens: number | null;
  /** Request fields echoed in the response object as OpenAI does (metadata, temperature, …). */
  echo: JsonObject;
}

/** OpenAI's lower bound for `max_output_tokens`. */
const MIN_OUTPUT_TOKENS = 16;

function parseInput(input: unknown): { texts: string[]; lastUserText: string } {
  if (input === undefined || input === null) return { texts: [], lastUserText: "" };
  if (typeof input === "string") return { texts: [input], lastUserText: input };
  if (!Array.isArray(input)) {
    throw invalidRequest(
      "Invalid type for 'input': expected a string or an array of input items.",
      "input",
      "invalid_type",
    );
  }
  const texts: string[] = [];
  let lastUserText = "";
  input.forEach((raw: unknown, index) => {
    const item = asObject(raw);
    if (item === undefined) {
      throw invalidRequest(
        `Invalid type for 'input[${index}]': expected an object.`,
        `input[${index}]`,
        "invalid_type",
      );
    }
    const text =
      "content" in item
        ? contentText(item.content)
        : typeof item.output === "string"
          ? item.output
          : "";
    texts.push(text);
    if (item.role === "user") lastUserText = text;
  });
  return { texts, lastUserText };
}

const ECHOED_FIELDS = [
  "metadata",
  "temperature",
  "top_p",
  "previous_response_id",
  "store",
  "parallel_tool_calls",
  "tool_choice",
  "tools",
  "text",
  "truncation",
  "reasoning",
  "user",
] as const;

/** Validates a `POST /v1/responses` body with OpenAI's error wording. */
export function parseResponsesRequest(body: JsonObject): ResponsesRequest {
  const model = requireModel(body);
  const instructions = optionalString(body, "instructions") ?? null;
  const { texts, lastUserText } = parseInput(body.input);
  const echo: JsonObject = {};
  for (const field of ECHOED_FIELDS) if (body[field] !== undefined) echo[field] = body[field];
  return {
    model,
    messageTexts: instructions === null ? texts : [instructions, ...texts],
    lastUserText,
    stream: optionalBoolean(body, "stream") ?? false,
    instructions,
    maxOutputTokens:
      optionalInteger(body, "max_output_tokens", MIN_OUTPUT_TOKENS, 1_000_000) ?? null,
    echo,
  };
}
