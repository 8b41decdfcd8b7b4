/**
 * Largest `usage` value a {@link JsonUsageScanner} keeps, bytes (64 KiB). A provider's usage report
 * is a few hundred bytes; a larger value is not one, and is ignored rather than held.
 */
export const MAX_USAGE_BYTES = 64 * 1024;

/** Bytes of the longest key that can read `usage` (each letter escaped as `\u00XX`). */
const MAX_USAGE_KEY_BYTES = 30;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** `usage` in UTF-8. */
const USAGE = [0x75, 0x73, 0x61, 0x67, 0x65];

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Bytes gathered across chunks, up to a limit past which they are dropped. */
class Span {
  private parts: Uint8Array[] = [];
  private length = 0;
  /** More than `limit` bytes were offered. */
  over = false;

  constructor(private readonly limit: number) {}

  add(bytes: Uint8Array): void {
    if (this.over || bytes.byteLength === 0) return;
    this.length += bytes.byteLength;
    if (this.length > this.limit) {
      this.over = true;
      this.parts = [];
      return;
    }
    this.parts.push(bytes.slice());
  }

  bytes(): Uint8Array {
    const whole = new Uint8Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      whole.set(part, at);
      at += part.byteLength;
    }
    return whole;
  }
}

/**
 * Finds the raw bytes of a JSON document's top-level `usage` member while the document goes by in
 * chunks, holding nothing but that value (at most {@link MAX_USAGE_BYTES}). It tracks nesting,
 * strings and their escapes, so a `usage` inside a nested object, an array or a string is not it.
 * As with `JSON.parse`, the last of several top-level `usage` members counts. UTF-8 needs no
 * decoding here: every byte of a multi-byte character is ≥ 0x80, never a quote or a bracket.
 *
 * It checks only the document's frame, not its grammar: {@link usageBytes} answers null when the
 * document is not one object (another value, cut short, something after it), and otherwise the
 * value as it was sent, for the caller to parse.
 */
export class JsonUsageScanner {
  /** `start`: before the document; `object`: inside its top-level object; `after`: past it. */
  private phase: "start" | "object" | "after" | "invalid" = "start";
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** At depth 1, the next string is a member's key. */
  private expectKey = false;
  /** The key being read, when it is a top-level one. */
  private key: Span | null = null;
  /** The last top-level key read was `usage`. */
  private keyIsUsage = false;
  /** The `usage` value being captured. */
  private capture: Span | null = null;
  /** The last complete `usage` value; null when there was none, or it was too large. */
  private found: Span | null = null;

  /** Feeds the next chunk of the document. */
  push(chunk: Uint8Array): void {
    if (this.phase === "invalid") return;
    // Where, in this chunk, the key and the captured value started (0 when they began earlier).
    let keyFrom = 0;
    let captureFrom = 0;
    const end = chunk.byteLength;
    // The next quote and backslash at or after `i`, each found once and reused until passed: a
    // search per string or per escape would go over the rest of the chunk again each time.
    let quoteAt = -2;
    let backslashAt = -2;
    let i = 0;
    while (i < end) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          i++;
          continue;
        }
        // Straight to the string's next quote or backslash: the bytes between are its text.
        if (quoteAt !== -1 && quoteAt < i) quoteAt = chunk.indexOf(QUOTE, i);
        if (backslashAt !== -1 && backslashAt < i) backslashAt = chunk.indexOf(BACKSLASH, i);
        const quote = quoteAt;
        if (backslashAt !== -1 && (quote === -1 || backslashAt < quote)) {
          this.escaped = true;
          i = backslashAt + 1;
          continue;
        }
        if (quote === -1) break;
        this.inString = false;
        if (this.key) {
          this.key.add(chunk.subarray(keyFrom, quote));
          this.keyIsUsage = isUsageKey(this.key);
          this.key = null;
        }
        i = quote + 1;
        continue;
      }
      const byte = chunk[i] as number;
      i++;
      if (this.phase === "object") {
        if (byte === QUOTE) {
          this.inString = true;
          if (this.depth === 1 && this.expectKey) {
            this.expectKey = false;
            this.key = new Span(MAX_USAGE_KEY_BYTES);
            keyFrom = i;
          }
        } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
          this.depth++;
        } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
          if (this.depth === 1) {
            this.endCapture(chunk.subarray(captureFrom, i - 1));
            this.phase = "after";
          }
          this.depth--;
        } else if (this.depth === 1) {
          if (byte === COMMA) {
            this.endCapture(chunk.subarray(captureFrom, i - 1));
            this.expectKey = true;
          } else if (byte === COLON && this.keyIsUsage) {
            this.keyIsUsage = false;
            this.capture = new Span(MAX_USAGE_BYTES);
            captureFrom = i;
          }
        }
      } else if (!isWhitespace(byte)) {
        if (this.phase === "start" && byte === OPEN_BRACE) {
          this.phase = "object";
          this.depth = 1;
          this.expectKey = true;
        } else if (!(this.phase === "start" && isByteOrderMark(byte))) {
          this.phase = "invalid";
          this.capture = null;
          this.found = null;
          return;
        }
      }
    }
    if (this.key) this.key.add(chunk.subarray(keyFrom));
    if (this.capture) this.capture.add(chunk.subarray(captureFrom));
  }

  /**
   * The raw bytes of the top-level `usage` value, once the whole document went by: null when it
   * had none, the value was over {@link MAX_USAGE_BYTES}, or the document was not one whole object.
   */
  usageBytes(): Uint8Array | null {
    if (this.phase !== "after" || !this.found || this.found.over) return null;
    return this.found.bytes();
  }

  private endCapture(tail: Uint8Array): void {
    if (!this.capture) return;
    this.capture.add(tail);
    this.found = this.capture;
    this.capture = null;
  }
}

/** A UTF-8 byte-order mark's bytes, which `TextDecoder` (and so the whole-body path) skips. */
function isByteOrderMark(byte: number): boolean {
  return byte === 0xef || byte === 0xbb || byte === 0xbf;
}

/** Whether a key's raw bytes read `usage`, also when spelled with escapes. */
function isUsageKey(key: Span): boolean {
  if (key.over) return false;
  const raw = key.bytes();
  if (raw.byteLength === USAGE.length && USAGE.every((b, i) => raw[i] === b)) return true;
  if (!raw.includes(BACKSLASH)) return false;
  try {
    return JSON.parse(`"${String.fromCharCode(...raw)}"`) === "usage";
  } catch {
    return false;
  }
}
