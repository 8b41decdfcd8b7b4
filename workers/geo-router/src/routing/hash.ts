/**
 * 32-bit FNV-1a over the UTF-16 code units, finished with murmur3's avalanche so that keys that
 * differ in one character land far apart. Not cryptographic: it spreads keys, nothing more.
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A hash mapped into the open interval (0, 1). */
export function hashUnit(text: string): number {
  return (hash32(text) + 0.5) / 4_294_967_296;
}
