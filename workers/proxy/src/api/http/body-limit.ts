import { ApiError } from "@floodgate/contracts";
import { bodyLimit } from "hono/body-limit";

/**
 * Largest request body the management API reads, in bytes: far above its largest valid request
 * (a bulk upsert), and well below what a D1 row holds.
 */
export const maxApiBodyBytes = 1024 * 1024;

/** A 413 in the envelope for a larger body, declared or streamed, before any of it is parsed. */
export function apiBodyLimit() {
  return bodyLimit({
    maxSize: maxApiBodyBytes,
    onError: () => {
      throw ApiError.payloadTooLarge(maxApiBodyBytes);
    },
  });
}
