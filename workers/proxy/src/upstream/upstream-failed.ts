import { ApiError } from "@floodgate/contracts";
import type { ProviderTarget } from "../providers/resolve-provider";

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

/**
 * What answers in place of a provider's answer, or null when it goes on as it came. A 5xx is the
 * provider's failure. A 401 or 403 to the project's stored key is the project's: its key or
 * account was refused, which the caller can neither fix nor should read (a provider's message
 * names part of the key and the account behind it), so it too is a 502, and the project's log
 * says why.
 */
export function providerFailure(status: number, storedKey: boolean): ApiError | null {
  if (status >= 500) {
    return upstreamFailed(
      `The upstream provider failed (HTTP ${status}).`,
      {},
      {
        upstream_status: status,
      },
    );
  }
  if (storedKey && (status === 401 || status === 403)) {
    return new ApiError({
      status: 502,
      type: "upstream_error",
      code: "provider_key_rejected",
      message: `The upstream provider refused this project's stored key (HTTP ${status}).`,
      extra: { upstream_status: status },
    });
  }
  return null;
}

/** The project's stored key was refused: the operator's to fix, so it is logged (never the key). */
export function logKeyRejected(requestId: string, projectId: string, target: ProviderTarget): void {
  console.error(
    JSON.stringify({
      level: "error",
      msg: "provider refused the stored key",
      requestId,
      projectId,
      provider: target.route.provider,
    }),
  );
}
