import type { Context } from "hono";
import { invalidRequest } from "./api-error";

/** A parsed JSON request body whose fields are still unchecked. */
export type JsonObject = Record<string, unknown>;

/** Reads the body as a JSON object, answering malformed JSON the way OpenAI does. */
export async function readJsonObject(c: Context): Promise<JsonObject> {
  const text = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidRequest(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
    );
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalidRequest("Invalid type for request body: expected an object.");
  }
  return body as JsonObject;
}
