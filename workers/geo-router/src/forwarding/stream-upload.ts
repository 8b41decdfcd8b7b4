/**
 * Where a streamed request body stands: still `sending`, `sent` in full, failed on the client's
 * side (it went away mid-upload), or stopped by the origin's side (which fails the attempt on its
 * own).
 */
export type UploadState = "sending" | "sent" | "client_failed" | "origin_closed";

export interface Upload {
  /** The body to send the origin: the client's bytes, chunk by chunk, nothing buffered. */
  body: ReadableStream<Uint8Array>;
  /** Now. Set before the origin can see the body fail, so a failed attempt can be judged at once. */
  readonly state: UploadState;
  /** Settles, never rejects, when the upload is over. */
  done: Promise<UploadState>;
}

/**
 * Passes a client's request body on to the origin and tells whose side ended it: a body that
 * fails while being read from the client is the client's doing, never the origin's, and the
 * origin's time to answer can start when the body is in. A known `contentLength` is kept (a
 * `FixedLengthStream`), so the origin gets the same framing as the client sent; a failed upload
 * errors the stream, so the origin never takes a cut-off body for a whole one.
 */
export function streamUpload(
  source: ReadableStream<Uint8Array>,
  contentLength: number | null,
): Upload {
  const { readable, writable } =
    contentLength === null
      ? new TransformStream<Uint8Array, Uint8Array>()
      : new FixedLengthStream(contentLength);
  const reader = source.getReader();
  const writer = writable.getWriter();
  let state: UploadState = "sending";
  const done = (async (): Promise<UploadState> => {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (err) {
        state = "client_failed";
        await writer.abort(err).catch(() => {});
        return state;
      }
      try {
        if (chunk.done) {
          await writer.close();
          state = "sent";
          return state;
        }
        await writer.write(chunk.value);
      } catch {
        state = "origin_closed";
        await reader.cancel().catch(() => {});
        return state;
      }
    }
  })();
  return {
    body: readable,
    get state() {
      return state;
    },
    done,
  };
}
