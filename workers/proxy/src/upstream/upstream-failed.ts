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

/** A provider's advice on when to try again, kept on the answer given in its place. */
const retryHeaders = ["retry-after", "retry-after-ms", "x-should-retry"];

/**
 * What answers in place of a provider's answer, or null when it goes on as it came. A 5xx is the
 * provider's failure; a 3xx, never followed, a provider URL that needs fixing. With the project's stored key, the provider's refusals are the project's
 * business, which the caller can neither fix nor should read (a provider's message names part of
 * the key, the organization and its limits): a 401 or 403 (the key or account refused) is a 502,
 * logged for the project; a 429 (the project's account rate-limited) stays a 429, with the
 * provider's advice on when to retry, in Floodgate's words.
 */
export function providerFailure(
  res: Pick<Response, "status" | "headers">,
  storedKey: boolean,
): ApiError | null {
  const { status } = res;
  if (status >= 500) {
    return upstreamFailed(
      `The upstream provider failed (HTTP ${status}).`,
      {},
      {
        upstream_status: status,
      },
    );
  }
  if (status >= 300 && status < 400) {
    // Not followed (the key would go along to wherever it points): the route's URL is wrong.
    return upstreamFailed(
      `The upstream provider answered with a redirect (HTTP ${status}); the project's provider URL needs fixing.`,
      {},
      { upstream_status: status },
    );
  }
  if (!storedKey) return null;
  if (status === 401 || status === 403) {
    return new ApiError({
      status: 502,
      type: "upstream_error",
      code: "provider_key_rejected",
      message: `The upstream provider refused this project's stored key (HTTP ${status}).`,
      extra: { upstream_status: status },
    });
  }
  if (status === 429) {
    const headers: Record<string, string> = {};
    for (const name of retryHeaders) {
      const value = res.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    return new ApiError({
      status: 429,
      type: "rate_limit_exceeded",
      code: "upstream_rate_limited",
      message: "The upstream provider is rate-limiting this project. Try again shortly.",
      extra: { upstream_status: status },
      headers,
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
