import { invalidRequest } from "./api-error";

/**
 * How an `x-mock-cut-after` stream ends: an errored body (`abort`), a clean EOF (`close`), or not
 * at all (`stall`: open, sending nothing, until the reader goes away).
 */
export type CutMode = "abort" | "close" | "stall";

/**
 * Fault and shape knobs a caller sets per request with `x-mock-*` headers. Every field is
 * optional; absent means "behave like a healthy OpenAI".
 */
export interface MockKnobs {
  /** Delay before the response starts, ms. Default 0. */
  latencyMs: number;
  /** Answer with this HTTP status (400–599) and an OpenAI-shaped error body instead. */
  status?: number;
  /** With `status`: the `retry-after` header to send, seconds. */
  retryAfterSeconds?: number;
  /**
   * Streaming: end the stream after this many SSE events, never sending the rest. With `padBytes`,
   * end a JSON answer after this many pieces.
   */
  cutAfter?: number;
  /** Streaming: how a cut stream ends. Default `abort`. */
  cutMode: CutMode;
  /** Streaming: delay between two SSE events, ms. Default 0. */
  chunkDelayMs: number;
  /** Words in the reply (= content chunks when streaming). Default `DEFAULT_REPLY_WORDS`. */
  chunks?: number;
  /** Leave usage out of every response. Default false. */
  noUsage: boolean;
  /** JSON chat completions: grow the reply's content until the whole answer is this many bytes. */
  padBytes?: number;
}

/** Upper bound of `x-mock-pad-bytes`: 64 MiB. */
export const MAX_PAD_BYTES = 64 * 1024 * 1024;

/** Upper bound of the delay knobs, ms: long enough for any timeout test, short enough to be safe. */
export const MAX_DELAY_MS = 120_000;

function invalidKnob(header: string, expected: string): never {
  throw invalidRequest(
    `Invalid ${header} header: expected ${expected}.`,
    header,
    "invalid_mock_header",
  );
}

function intHeader(headers: Headers, name: string, min: number, max: number): number | undefined {
  const raw = headers.get(name);
  if (raw === null) return undefined;
  const value = Number(raw.trim());
  if (raw.trim() === "" || !Number.isInteger(value) || value < min || value > max) {
    invalidKnob(name, `an integer from ${min} to ${max}`);
  }
  return value;
}

function boolHeader(headers: Headers, name: string): boolean {
  const raw = headers.get(name);
  if (raw === null) return false;
  const value = raw.trim().toLowerCase();
  if (value === "" || value === "1" || value === "true") return true;
  if (value === "0" || value === "false") return false;
  return invalidKnob(name, "1, true, 0 or false");
}

function cutModeHeader(headers: Headers): CutMode {
  const raw = headers.get("x-mock-cut-mode");
  if (raw === null) return "abort";
  const value = raw.trim().toLowerCase();
  if (value === "abort" || value === "close" || value === "stall") return value;
  return invalidKnob("x-mock-cut-mode", "abort, close or stall");
}

/** Parses the `x-mock-*` request headers; a malformed knob is a 400, never silently ignored. */
export function parseKnobs(headers: Headers): MockKnobs {
  const knobs: MockKnobs = {
    latencyMs: intHeader(headers, "x-mock-latency-ms", 0, MAX_DELAY_MS) ?? 0,
    cutMode: cutModeHeader(headers),
    chunkDelayMs: intHeader(headers, "x-mock-chunk-delay-ms", 0, MAX_DELAY_MS) ?? 0,
    noUsage: boolHeader(headers, "x-mock-no-usage"),
  };
  const status = intHeader(headers, "x-mock-status", 400, 599);
  if (status !== undefined) knobs.status = status;
  const retryAfterSeconds = intHeader(headers, "x-mock-retry-after", 0, 86_400);
  if (retryAfterSeconds !== undefined) knobs.retryAfterSeconds = retryAfterSeconds;
  const cutAfter = intHeader(headers, "x-mock-cut-after", 0, 100_000);
  if (cutAfter !== undefined) knobs.cutAfter = cutAfter;
  const chunks = intHeader(headers, "x-mock-chunks", 0, 10_000);
  if (chunks !== undefined) knobs.chunks = chunks;
  const padBytes = intHeader(headers, "x-mock-pad-bytes", 0, MAX_PAD_BYTES);
  if (padBytes !== undefined) knobs.padBytes = padBytes;
  return knobs;
}
