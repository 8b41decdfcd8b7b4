import { ApiError } from "@floodgate/contracts";
import { concatBytes } from "@floodgate/http";

/**
 * Reads a request body whole, failing with 413 before reading it when its declared length is
 * over `limit`, and as soon as it passes `limit` bytes when it comes without one (chunked): a
 * body never takes more memory than the limit.
 */
export async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw ApiError.payloadTooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw ApiError.payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  return concatBytes(chunks, size);
}
