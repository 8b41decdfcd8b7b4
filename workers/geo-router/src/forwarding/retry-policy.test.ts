import { describe, expect, it } from "vitest";
import { isRetryable } from "./retry-policy";

describe("isRetryable", () => {
  it.each(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "get"])("%s is idempotent", (method) => {
    expect(isRetryable(method, new Headers())).toBe(true);
  });

  it.each(["POST", "PATCH"])("%s is not, unless it carries an Idempotency-Key", (method) => {
    expect(isRetryable(method, new Headers())).toBe(false);
    expect(isRetryable(method, new Headers({ "idempotency-key": " " }))).toBe(false);
    expect(isRetryable(method, new Headers({ "Idempotency-Key": "k-1" }))).toBe(true);
  });
});
