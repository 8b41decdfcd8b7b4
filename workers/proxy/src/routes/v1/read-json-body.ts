import { ApiError } from "@floodgate/contracts";
import { modelName } from "./model-name";
import { readLimited } from "./read-limited";

/** A JSON request body, read once: the raw text (forwarded as is when untouched) and its object. */
export interface JsonBody {
  text: string;
  json: Record<string, unknown>;
  model: string;
  stream: boolean;
}

/** Largest JSON body accepted, in bytes (OpenAI's own request limit is in this range). */
export const maxJsonBodyBytes = 4 * 1024 * 1024;

/** Reads and checks the body of a JSON endpoint: content type, size, JSON, `model`, `stream`. */
export async function readJsonBody(request: Request, limit = maxJsonBodyBytes): Promise<JsonBody> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(contentType)) {
    throw new ApiError({
      status: 415,
      type: "invalid_request_error",
      code: "unsupported_media_type",
      param: "content-type",
      message: `Expected content-type application/json, got ${contentType ? `'${contentType.slice(0, 100)}'` : "none"}.`,
    });
  }
  const text = new TextDecoder().decode(await readLimited(request, limit));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw ApiError.badRequest("The request body is not valid JSON.", null, "invalid_json");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw ApiError.badRequest("The request body must be a JSON object.", null, "invalid_json");
  }
  const body = json as Record<string, unknown>;
  const model = modelName(body.model);
  if (body.stream !== undefined && typeof body.stream !== "boolean") {
    throw ApiError.badRequest("'stream' must be a boolean.", "stream", "invalid_type");
  }
  return { text, json: body, model, stream: body.stream === true };
}
