import { ApiError } from "@floodgate/contracts";
import type { ApiKey } from "@floodgate/db";

/**
 * Refuses keys that may not call: revoked or expired → 401 (the credential is no good);
 * blocked → 403 (known, but not allowed now).
 */
export function assertKeyUsable(key: ApiKey, nowMs: number): void {
  if (key.revokedAt !== null)
    throw ApiError.unauthorized("This API key has been revoked.", "api_key_revoked");
  if (key.expiresAt !== null && key.expiresAt <= nowMs) {
    throw ApiError.unauthorized("This API key has expired.", "api_key_expired");
  }
  if (key.blockedAt !== null)
    throw ApiError.forbidden("This API key is blocked.", "api_key_blocked");
}
