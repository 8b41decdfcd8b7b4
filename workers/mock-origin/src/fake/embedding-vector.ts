import { bytesToBase64 } from "./base64";
import { fnv1a32, seededRandom } from "./hash";

/** Vector length when the request names no `dimensions`. */
export const DEFAULT_EMBEDDING_DIMENSIONS = 8;

/**
 * A unit-length vector seeded by the input, so equal inputs embed equally. Components are
 * float32 values, so the `float` and `base64` encodings carry exactly the same numbers.
 */
export function embeddingVector(input: string, dimensions: number): number[] {
  const random = seededRandom(fnv1a32(input));
  const raw = Array.from({ length: dimensions }, () => random() * 2 - 1);
  const norm = Math.hypot(...raw) || 1;
  return raw.map((value) => Math.fround(value / norm));
}

/** The `base64` encoding: the vector's little-endian float32 bytes, as OpenAI sends them. */
export function embeddingBase64(vector: readonly number[]): string {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  vector.forEach((value, i) => {
    view.setFloat32(i * 4, value, true);
  });
  return bytesToBase64(bytes);
}
