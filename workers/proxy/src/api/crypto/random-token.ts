const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * `bytes` random bytes written in base62 (as a big-endian number), so a token carries exactly
 * `bytes × 8` bits of entropy whatever its length. Default 32 bytes (43 characters).
 */
export function randomBase62(bytes = 32): string {
  const random = crypto.getRandomValues(new Uint8Array(bytes));
  let value = 0n;
  for (const byte of random) value = (value << 8n) | BigInt(byte);
  let out = "";
  while (value > 0n) {
    out = BASE62[Number(value % 62n)] + out;
    value /= 62n;
  }
  // Pad so every token of a kind has the same length.
  const length = Math.ceil((bytes * 8) / Math.log2(62));
  return out.padStart(length, "0");
}

/** A row id such as `prj_3f9a…`: a prefix and 16 random bytes in hex. */
export function newId(prefix: string): string {
  const random = crypto.getRandomValues(new Uint8Array(16));
  let hex = "";
  for (const byte of random) hex += byte.toString(16).padStart(2, "0");
  return `${prefix}_${hex}`;
}
