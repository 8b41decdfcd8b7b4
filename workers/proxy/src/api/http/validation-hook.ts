import { ApiError } from "@floodgate/contracts";
import type { z } from "zod";

/** One problem of a request, as listed in a 400's `errors`. */
export interface FieldError {
  /** Dotted path in the part of the request it is about, e.g. `window.durationMs`. */
  param: string;
  message: string;
}

/** Turns zod issues into field-level errors, prefixed with where the value came from. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], prefix?: string): FieldError[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    return { param: [prefix, path].filter((p) => p).join(".") || "body", message: issue.message };
  });
}

/** A 400 naming the first bad field, with every problem under `errors`. */
export function validationError(errors: FieldError[]): ApiError {
  const first = errors[0];
  const message = first ? `${first.param}: ${first.message}` : "Invalid request.";
  return new ApiError({
    status: 400,
    type: "invalid_request_error",
    code: "invalid_request",
    message,
    param: first?.param ?? null,
    extra: { errors },
  });
}

const targets: Record<string, string | undefined> = {
  json: undefined,
  query: "query",
  param: "path",
  header: "header",
};

/**
 * The default hook of every management route: a request that fails its zod schema becomes a
 * 400 in the envelope, thrown so the app's single `onError` renders it.
 */
export function validationHook(
  result: { target: string } & ({ success: true } | { success: false; error: z.ZodError }),
): void {
  if (result.success) return;
  throw validationError(fieldErrors(result.error.issues, targets[result.target]));
}
