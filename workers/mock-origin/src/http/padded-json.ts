import { pieceStream } from "./event-stream";
import type { MockKnobs } from "./knobs";

/** Bytes of one piece of a padded answer's filler (the pieces `x-mock-cut-after` counts). */
export const PAD_PIECE_BYTES = 64 * 1024;

/** Put in a string of the answer where its filler goes; its JSON text is all ASCII. */
export const PAD_MARK = "\u0000mock-pad\u0000";

/** Response headers of a padded JSON answer. */
export const PADDED_JSON_HEADERS = { "content-type": "application/json" } as const;

const encoder = new TextEncoder();
const filler = encoder
  .encode("lorem ipsum dolor sit amet ".repeat(PAD_PIECE_BYTES / 16))
  .slice(0, PAD_PIECE_BYTES);

/**
 * The JSON text of `value`, whose one string holding {@link PAD_MARK} gets filler text in its place
 * so that the whole is `padBytes` long (or as short as it can be, when that is less), written in
 * pieces: the text before the filler, the filler in {@link PAD_PIECE_BYTES}, the text after it.
 * Never held whole, so an answer of tens of MB costs the mock nothing.
 */
export function paddedJson(
  value: unknown,
  padBytes: number,
  knobs: Pick<MockKnobs, "chunkDelayMs" | "cutAfter" | "cutMode">,
): ReadableStream<Uint8Array> {
  const text = JSON.stringify(value);
  const mark = JSON.stringify(PAD_MARK).slice(1, -1);
  // The last one: what follows the padded string is the mock's own (usage, fingerprint).
  const at = text.lastIndexOf(mark);
  const before = encoder.encode(text.slice(0, at));
  const after = encoder.encode(text.slice(at + mark.length));
  const fillBytes = Math.max(padBytes - before.byteLength - after.byteLength, 0);
  function* pieces() {
    yield before;
    for (let done = 0; done < fillBytes; done += PAD_PIECE_BYTES) {
      yield filler.slice(0, Math.min(PAD_PIECE_BYTES, fillBytes - done));
    }
    yield after;
  }
  return pieceStream(pieces(), knobs);
}
