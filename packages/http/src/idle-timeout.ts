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
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const idle = new Promise<"idle">((resolve) => {
          timer = setTimeout(() => resolve("idle"), idleMs);
        });
        try {
          const next = await Promise.race([reader.read(), idle]);
          if (next === "idle") {
            const err = timeoutError();
            controller.error(err);
            await reader.cancel(err).catch(() => {});
          } else if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (err) {
          controller.error(err);
        } finally {
          if (timer !== undefined) clearTimeout(timer);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
