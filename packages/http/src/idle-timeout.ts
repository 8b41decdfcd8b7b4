import { concatBytes } from "./concat-bytes";

/**
 * One timer for a body's whole life, armed lazily: it fires `idleMs` after a read began waiting,
 * and when that read (or a later one) is still waiting but has not waited `idleMs` yet, it sleeps
 * for the rest. No timer is set or cleared per chunk.
 */
function idleWatch(idleMs: number, onIdle: () => void) {
  let waitingSince: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    timer = undefined;
    if (waitingSince === null) return;
    const quietMs = Date.now() - waitingSince;
    if (quietMs >= idleMs) onIdle();
    else timer = setTimeout(tick, idleMs - quietMs);
  };
  return {
    /** A read starts waiting on the source. */
    waiting(): void {
      waitingSince = Date.now();
      timer ??= setTimeout(tick, idleMs);
    },
    /** The read got its answer. */
    answered(): void {
      waitingSince = null;
    },
    stop(): void {
      waitingSince = null;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/**
 * An {@link idleWatch} over `reader`: on silence it cancels the reader with `timeoutError()`,
 * which answers the waiting read with `done`; `stalled()` then tells it was the timeout.
 */
function stallWatch(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  idleMs: number,
  timeoutError: () => Error,
) {
  let stalled: Error | null = null;
  const watch = idleWatch(idleMs, () => {
    stalled = timeoutError();
    reader.cancel(stalled).catch(() => {});
  });
  return { ...watch, stalled: () => stalled };
}

/**
 * A body that errors with `timeoutError()` when `body` sends nothing for `idleMs` while a read
 * is waiting on it; `body` is then cancelled. The clock runs only while the reader waits, so a
 * reader that is slow to pull (a slow client behind a pull-based pipe) never trips it: only a
 * source that stops sending does.
 *
 * @param idleMs ms the source may stay silent between two chunks (and before the first)
 * @param timeoutError the error the body fails with, and `body` is cancelled with
 */
export function withIdleTimeout(
  body: ReadableStream<Uint8Array>,
  idleMs: number,
  timeoutError: () => Error,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return watchedStream(reader, stallWatch(reader, idleMs, timeoutError), []);
}

/** The rest of `reader` as a stream under `watch`, after the chunks of `head` (already read). */
function watchedStream(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  watch: ReturnType<typeof stallWatch>,
  head: Uint8Array[],
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const held = head.shift();
        if (held) {
          controller.enqueue(held);
          return;
        }
        watch.waiting();
        try {
          const next = await reader.read();
          watch.answered();
          const stalled = watch.stalled();
          if (stalled) controller.error(stalled);
          else if (next.done) {
            watch.stop();
            controller.close();
          } else controller.enqueue(next.value);
        } catch (err) {
          watch.stop();
          controller.error(watch.stalled() ?? err);
        }
      },
      cancel(reason) {
        head.length = 0;
        watch.stop();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * What {@link readWithIdleTimeout} read: the whole body (`bytes`), or, for a body that grew past
 * its `maxBytes`, the body as a stream from its first byte (`stream`, under the same idle timeout)
 * and how many bytes had been read when it was given up holding (`bytesRead`).
 */
export type ReadBody =
  | { whole: true; bytes: Uint8Array }
  | { whole: false; stream: ReadableStream<Uint8Array>; bytesRead: number };

/**
 * Reads `body` whole, failing with `timeoutError()` (and cancelling `body`) when it sends nothing
 * for `idleMs`. The bytes go straight from the source to the result, with no stream in between.
 * A body that grows past `maxBytes` is not held: what was read and the rest come back as a stream.
 *
 * @param maxBytes bytes held at most; default: no limit
 */
export async function readWithIdleTimeout(
  body: ReadableStream<Uint8Array>,
  idleMs: number,
  timeoutError: () => Error,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<ReadBody> {
  const reader = body.getReader();
  const watch = stallWatch(reader, idleMs, timeoutError);
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      watch.waiting();
      const next = await reader.read().catch((err: unknown) => {
        throw watch.stalled() ?? err;
      });
      watch.answered();
      const stalled = watch.stalled();
      if (stalled) throw stalled;
      if (next.done) break;
      chunks.push(next.value);
      length += next.value.byteLength;
      if (length > maxBytes) {
        return { whole: false, stream: watchedStream(reader, watch, chunks), bytesRead: length };
      }
    }
  } catch (err) {
    watch.stop();
    throw err;
  }
  watch.stop();
  return { whole: true, bytes: concatBytes(chunks, length) };
}
