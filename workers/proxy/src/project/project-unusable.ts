import { ApiError } from "@floodgate/contracts";

/**
 * A 503 for a project whose stored configuration can't be used (settings that no longer pass
 * validation, a secret that can't be decrypted): the project's to fix, not the caller's, and no
 * fault of the service. Why is logged where it was found, with the project id, never here.
 */
export function projectUnusable(): ApiError {
  return new ApiError({
    status: 503,
    type: "api_error",
    code: "project_misconfigured",
    message:
      "This project's configuration can't be used; its owner can see why in the project's settings or the service's logs.",
  });
}
