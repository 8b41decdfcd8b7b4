import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import {
  DEFAULT_EMBEDDING_DIMENSIONS,
  embeddingBase64,
  embeddingVector,
} from "../fake/embedding-vector";
import { textTokens } from "../fake/tokens";
import { invalidRequest } from "../http/api-error";
import { optionalEnum, optionalInteger, requireModel } from "../http/body-fields";
import { readJsonObject } from "../http/json-body";

/** One input to embed: the seed of its vector and what it costs. */
interface EmbeddingInput {
  seed: string;
  tokens: number;
}

const MAX_DIMENSIONS = 3072;

function isTokenArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => Number.isInteger(v));
}

/**
 * `input` as OpenAI accepts it: a string, an array of strings, one token array, or an array of
 * token arrays; never empty. Strings cost `ceil(length / 4)` tokens, token arrays their length.
 */
function parseInputs(input: unknown): EmbeddingInput[] {
  const invalid = () =>
    invalidRequest(
      "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
    );
  const text = (value: string): EmbeddingInput => ({ seed: value, tokens: textTokens(value) });
  const tokens = (value: number[]): EmbeddingInput => ({
    seed: `tokens:${value.join(",")}`,
    tokens: value.length,
  });

  if (input === undefined || input === null) {
    throw invalidRequest(
      "Missing required parameter: 'input'.",
      "input",
      "missing_required_parameter",
    );
  }
  if (typeof input === "string") {
    if (input === "") throw invalid();
    return [text(input)];
  }
  if (!Array.isArray(input) || input.length === 0) throw invalid();
  if (isTokenArray(input)) return [tokens(input)];
  if (input.every((v) => typeof v === "string" && v !== "")) return input.map(text);
  if (input.every(isTokenArray)) return input.map(tokens);
  throw invalid();
}

/** `POST /v1/embeddings`: deterministic unit vectors, as floats or base64 float32. */
export const embeddings = new Hono<AppEnv>().post("/", async (c) => {
  const body = await readJsonObject(c);
  const model = requireModel(body);
  const inputs = parseInputs(body.input);
  const dimensions =
    optionalInteger(body, "dimensions", 1, MAX_DIMENSIONS) ?? DEFAULT_EMBEDDING_DIMENSIONS;
  const encoding = optionalEnum(body, "encoding_format", ["float", "base64"]) ?? "float";

  const data = inputs.map((input, index) => {
    const vector = embeddingVector(input.seed, dimensions);
    return {
      object: "embedding",
      index,
      embedding: encoding === "base64" ? embeddingBase64(vector) : vector,
    };
  });
  const promptTokens = inputs.reduce((sum, input) => sum + input.tokens, 0);
  return c.json({
    object: "list",
    data,
    model,
    ...(c.var.knobs.noUsage
      ? {}
      : { usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } }),
  });
});
