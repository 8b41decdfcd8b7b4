import { exports } from "cloudflare:workers";
import OpenAI, { type ClientOptions } from "openai";

/** Origin the tests address; the host is irrelevant, requests go straight to the worker. */
export const ORIGIN = "http://mock";

/** Calls the worker under test, like a proxy forwarding a request would. */
export function call(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(`${ORIGIN}${path}`, init);
}

/** POSTs `body` as JSON. */
export function postJson(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return call(path, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-test", ...headers },
    body: JSON.stringify(body),
  });
}

/** The real `openai` client, wired to the worker; no retries unless a test asks for them. */
export function openai(options: ClientOptions = {}): OpenAI {
  return new OpenAI({
    apiKey: "sk-test",
    baseURL: `${ORIGIN}/v1`,
    maxRetries: 0,
    fetch: (url, init) => exports.default.fetch(url, init),
    ...options,
  });
}

/** Splits an SSE body into its events (the text between blank lines). */
export function sseEvents(body: string): string[] {
  return body.split("\n\n").filter((event) => event !== "");
}

/** The parsed JSON of every `data:` line except `[DONE]`. */
export function sseData(body: string): Record<string, unknown>[] {
  return sseEvents(body)
    .map((event) => event.split("\n").find((line) => line.startsWith("data: ")) ?? "")
    .filter((line) => line !== "data: [DONE]")
    .map((line) => JSON.parse(line.slice("data: ".length)) as Record<string, unknown>);
}
