/**
 * Passes a response body through untouched, chunk by chunk (no buffering beyond the stream's own
 * one-chunk queue), and calls `onEnd` once when it has been fully sent, failed or been cancelled
 * by the client. The returned promise settles then; hand it to `waitUntil`.
 */
export function watchBody(
  body: ReadableStream<Uint8Array>,
  onEnd: (completed: boolean) => void,
): { body: ReadableStream<Uint8Array>; done: Promise<void> } {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const done = body.pipeTo(writable).then(
    () => onEnd(true),
    () => onEnd(false),
  );
  return { body: readable, done };
}
