import { ApiError } from "@floodgate/contracts";

/**
 * A 502 `upstream_error` in the envelope, answered in place of a provider's failure (its 5xx, or
 * an answer cut off), so a client never gets the provider's own error page.
 */
export function upstreamFailed(
  message: string,
  limitHeaders: Record<string, string> = {},
  extra?: Record<string, unknown>,
): ApiError {
  return new ApiError({
    status: 502,
    type: "upstream_error",
    code: "upstream_error",
    message,
    ...(extra ? { extra } : {}),
    headers: limitHeaders,
  });
}
