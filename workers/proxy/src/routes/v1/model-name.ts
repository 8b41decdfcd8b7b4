import { ApiError } from "@floodgate/contracts";

/** Longest `model` accepted, in characters. */
export const maxModelNameLength = 200;

/** Control characters (C0, DEL, C1): no model name has them. */
const controlCharacter = /\p{Cc}/u;

/**
 * The `model` of a request body, or a 400 naming it: a non-empty string of at most
 * {@link maxModelNameLength} characters without control characters. A line break in a name would
 * otherwise let it slip past the routes, prices and rules written for the name without it.
 */
export function modelName(value: unknown): string {
  if (typeof value !== "string" || value.length === 0 || value.length > maxModelNameLength) {
    throw ApiError.badRequest(
      "'model' is required and must be a non-empty string.",
      "model",
      "missing_model",
    );
  }
  if (controlCharacter.test(value)) {
    throw ApiError.badRequest(
      "'model' must not contain control characters.",
      "model",
      "invalid_model",
    );
  }
  return value;
}
