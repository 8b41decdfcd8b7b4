import { ApiError } from "@floodgate/contracts";
import type { Caller } from "../app-env";
import type { ProviderTarget } from "../providers/resolve-provider";

/**
 * The `Authorization` to send upstream: the project's stored key for `stored` routes; otherwise
 * the caller's own, passed through — unless the bearer was the caller's identity token, which
 * never leaves Floodgate. `null` means: send none.
 */
export function providerAuthorization(
  caller: Caller,
  target: ProviderTarget,
  incoming: string | undefined,
): string | null {
  if (target.route.keyMode === "stored") {
    const key = caller.project.providerKeys[target.route.provider];
    if (!key) {
      throw new ApiError({
        status: 502,
        type: "upstream_error",
        code: "provider_key_missing",
        message: `This project has no stored key for provider '${target.route.provider}'.`,
      });
    }
    return `Bearer ${key}`;
  }
  if (caller.usesIdentityToken) return null;
  return incoming ?? null;
}
