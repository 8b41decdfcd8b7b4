import { type Usage, usageFromJson } from "./usage";

/** What a streamed response delivered, known once the stream ends (or is cut). */
export interface StreamOutcome {
  /** The provider's own usage report, when it arrived. */
  usage: Usage | null;
  /** Characters of generated text delivered to the client (for a stream cut before usage). */
  deliveredChars: number;
  /** True when the stream ended with its answer (`[DONE]`, `response.completed` or `.incomplete`). */
  completed: boolean;
  /** True when the upstream body failed (cut off, or stalled past its idle timeout). */
  failed: boolean;
}

export interface SseUsageTapOptions {
  /**
   * `chat`: chat completions chunks; `responses`: the Responses API event stream; `events`: any
   * other (an image or transcription stream): usage from an event's `usage`, text from its `delta`.
   */
  kind: "chat" | "responses" | "events";
  /** Drop the chat usage chunk (`choices: []` with `usage`) because the client did not ask for it. */
  stripUsageChunk: boolean;
  /**
   * When the upstream body fails: the data of a last event that ends the client's stream cleanly
   * (an error the SDKs raise), or null to error the client's stream as the upstream's was.
   * Default: always error it.
   */
  lastEventOnError?: (err: unknown) => string | null;
}

const encoder = new TextEncoder();

/**
 * An event longer than this (characters, no blank line yet) is passed on unread as it comes, so a
 * stream without event boundaries is never held in memory. Its characters count as delivered.
 */
export const MAX_EVENT_CHARS = 1 << 20;

/**
 * Pipes a server-sent-event body to the client event by event (nothing is held back beyond the
 * event being assembled, and that only up to `MAX_EVENT_CHARS`), reading usage and the generated
 * text on the side. Pull-based, so the
 * upstream is read only as fast as the client reads; a client that goes away cancels the
 * upstream, and a cut upstream ends the client's stream with an error (or with the last event
 * `lastEventOnError` gives) — either way `outcome` resolves with what was delivered.
 */
export function tapSseUsage(
  upstream: ReadableStream<Uint8Array>,
  options: SseUsageTapOptions,
): { body: ReadableStream<Uint8Array>; outcome: Promise<StreamOutcome> } {
  const decoder = new TextDecoder();
  const reader = upstream.getReader();
  let pending = "";
  const state: StreamOutcome = {
    usage: null,
    deliveredChars: 0,
    completed: false,
    failed: false,
  };
  let settle!: (o: StreamOutcome) => void;
  const outcome = new Promise<StreamOutcome>((resolve) => {
    settle = resolve;
  });

  const onChatChunk = (chunk: unknown): boolean => {
    const c = chunk as { choices?: { delta?: unknown }[] };
    if (Array.isArray(c.choices)) {
      for (const choice of c.choices) state.deliveredChars += chatDeltaChars(choice?.delta);
    }
    const usage = usageFromJson(chunk);
    if (usage) {
      state.usage = usage;
      if (options.stripUsageChunk && Array.isArray(c.choices) && c.choices.length === 0)
        return false;
    }
    return true;
  };

  const onResponsesEvent = (event: unknown): boolean => {
    const e = event as { type?: unknown; delta?: unknown; response?: unknown };
    if (isGeneratedTextDelta(e.type, e.delta)) {
      state.deliveredChars += e.delta.length;
    } else if (
      e.type === "response.completed" ||
      e.type === "response.incomplete" ||
      e.type === "response.failed"
    ) {
      state.usage = usageFromJson(e.response) ?? state.usage;
      // An incomplete response (cut short by its token limit or a filter) is still an answer the
      // provider made: only a failed one is not.
      state.completed = e.type !== "response.failed";
    }
    return true;
  };

  const onOtherEvent = (event: unknown): boolean => {
    const e = event as { type?: unknown; delta?: unknown };
    if (isGeneratedTextDelta(e.type, e.delta)) state.deliveredChars += e.delta.length;
    state.usage = usageFromJson(event) ?? state.usage;
    return true;
  };

  /** Whether the event goes on to the client. */
  const handleEvent = (event: string): boolean => {
    let data = "";
    for (const line of event.split("\n")) {
      if (line.startsWith("data:")) {
        // Several data lines make one value, joined by newlines.
        if (data) data += "\n";
        data += line.slice(line[5] === " " ? 6 : 5);
      }
    }
    if (!data) return true;
    if (data === "[DONE]") {
      state.completed = true;
      return true;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return true;
    }
    if (options.kind === "chat") return onChatChunk(json);
    return options.kind === "responses" ? onResponsesEvent(json) : onOtherEvent(json);
  };

  /** Inside an event too long to read: its rest is passed on unread up to its end. */
  let oversized = false;
  const completeEvents = (): string => {
    if (pending.includes("\r")) pending = pending.replaceAll("\r\n", "\n");
    let out = "";
    let end = pending.indexOf("\n\n");
    while (end !== -1) {
      const event = pending.slice(0, end);
      pending = pending.slice(end + 2);
      if (oversized) {
        state.deliveredChars += event.length;
        oversized = false;
        out += `${event}\n\n`;
      } else if (handleEvent(event)) out += `${event}\n\n`;
      end = pending.indexOf("\n\n");
    }
    if (pending.length > MAX_EVENT_CHARS) {
      // A last "\n" stays: with the next chunk's it may end the event.
      const passed = pending.endsWith("\n") ? pending.slice(0, -1) : pending;
      state.deliveredChars += passed.length;
      out += passed;
      pending = pending.slice(passed.length);
      oversized = true;
    }
    return out;
  };

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch (err) {
          state.failed = true;
          settle(state);
          const last = options.lastEventOnError?.(err) ?? null;
          if (last === null) {
            controller.error(err);
            return;
          }
          // An event half passed on (an oversized one) is ended first; one still held is dropped.
          controller.enqueue(encoder.encode(`${oversized ? "\n\n" : ""}data: ${last}\n\n`));
          controller.close();
          return;
        }
        if (result.done) {
          pending += decoder.decode();
          const out = completeEvents() + pending;
          if (out) controller.enqueue(encoder.encode(out));
          settle(state);
          controller.close();
          return;
        }
        pending += decoder.decode(result.value, { stream: true });
        const out = completeEvents();
        if (out) {
          controller.enqueue(encoder.encode(out));
          return;
        }
      }
    },
    async cancel(reason) {
      settle(state);
      await reader.cancel(reason).catch(() => {});
    },
  });
  return { body, outcome };
}

/**
 * Characters a chat chunk's delta generated: its text, refusal and reasoning, and the names and
 * arguments of the tool (or legacy function) calls it streams.
 */
function chatDeltaChars(delta: unknown): number {
  if (typeof delta !== "object" || delta === null) return 0;
  const d = delta as Record<string, unknown>;
  let chars = textLength(d.content) + textLength(d.refusal);
  chars += textLength(d.reasoning_content) + textLength(d.reasoning);
  chars += callChars(d.function_call);
  if (Array.isArray(d.tool_calls)) {
    for (const call of d.tool_calls) {
      if (typeof call === "object" && call !== null) chars += callChars(call.function);
    }
  }
  return chars;
}

function callChars(fn: unknown): number {
  if (typeof fn !== "object" || fn === null) return 0;
  const f = fn as Record<string, unknown>;
  return textLength(f.name) + textLength(f.arguments);
}

function textLength(value: unknown): number {
  return typeof value === "string" ? value.length : 0;
}

/**
 * An event streaming generated text: a type ending in `.delta` with a string delta. In the
 * Responses API that is output text, refusals, reasoning, function-call arguments, tool input and
 * audio transcripts; in a transcription stream, `transcript.text.delta`. Audio itself (base64) is
 * not text.
 */
function isGeneratedTextDelta(type: unknown, delta: unknown): delta is string {
  return (
    typeof delta === "string" &&
    typeof type === "string" &&
    type.endsWith(".delta") &&
    !type.endsWith("audio.delta")
  );
}
