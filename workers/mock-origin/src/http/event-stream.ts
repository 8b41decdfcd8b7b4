import { delay } from "./delay";
import { MAX_DELAY_MS, type MockKnobs } from "./knobs";

/** One server-sent event: `event: <event>\n` (when set) then `data: <data>\n\n`. */
export interface SseFrame {
  event?: string;
  data: string;
}

/** Response headers of an event stream, as OpenAI sends them. */
export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
} as const;

/** Wait before erroring a cut stream, ms, so the events before the cut reach the client. */
const CUT_FLUSH_MS = 25;

export function encodeSse(frame: SseFrame): string {
  return `${frame.event === undefined ? "" : `event: ${frame.event}\n`}data: ${frame.data}\n\n`;
}

/**
 * A real stream: each frame is produced and written only when the reader pulls, after
 * `chunkDelayMs`. With `cutAfter`, the stream stops after that many frames, either erroring
 * the body (`abort`, like a dropped connection), ending it cleanly (`close`), or keeping it open
 * without another byte (`stall`, like a provider that hangs mid-answer).
 */
export function sseStream(
  frames: Iterable<SseFrame>,
  knobs: Pick<MockKnobs, "chunkDelayMs" | "cutAfter" | "cutMode">,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return pieceStream(
    (function* encoded() {
      for (const frame of frames) yield encoder.encode(encodeSse(frame));
    })(),
    knobs,
  );
}

/**
 * A body written piece by piece, each produced only when the reader pulls, `chunkDelayMs` apart,
 * and cut after `cutAfter` pieces as {@link sseStream} tells.
 */
export function pieceStream(
  pieces: Iterable<Uint8Array>,
  knobs: Pick<MockKnobs, "chunkDelayMs" | "cutAfter" | "cutMode">,
): ReadableStream<Uint8Array> {
  const iterator = pieces[Symbol.iterator]();
  let sent = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (knobs.cutAfter !== undefined && sent >= knobs.cutAfter) {
          if (knobs.cutMode === "stall") {
            // Waiting on a timer, not on a promise that never settles: workerd cancels a worker
            // with nothing left to wait for as hung, which would end the body. Pulled again after.
            await delay(MAX_DELAY_MS);
            return;
          }
          iterator.return?.();
          if (knobs.cutMode === "close") {
            controller.close();
            return;
          }
          // Erroring drops whatever the runtime has not yet written to the socket, including
          // the last piece; give it a moment to flush so exactly `cutAfter` pieces arrive.
          await delay(CUT_FLUSH_MS);
          controller.error(new Error("mock-origin: stream cut by x-mock-cut-after"));
          return;
        }
        const next = iterator.next();
        if (next.done) {
          controller.close();
          return;
        }
        if (sent > 0) await delay(knobs.chunkDelayMs);
        controller.enqueue(next.value);
        sent += 1;
      },
      cancel() {
        iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
