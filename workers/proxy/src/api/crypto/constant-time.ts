const encoder = new TextEncoder();

/**
 * Compares two strings (hashes, in practice) in time that depends only on their length, so a
 * caller learns nothing from how long a mismatch takes.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  if (left.byteLength !== right.byteLength) return false;
  return crypto.subtle.timingSafeEqual(left, right);
}
