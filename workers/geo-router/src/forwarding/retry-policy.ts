const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/**
 * A request may be sent again to another origin after a connection error or 5xx only if doing it
 * twice is harmless: an idempotent method (RFC 9110 §9.2.2), or any method with an
 * `Idempotency-Key` the origin can deduplicate by. A POST without one is never retried.
 */
export function isRetryable(method: string, headers: Headers): boolean {
  return (
    IDEMPOTENT_METHODS.has(method.toUpperCase()) ||
    (headers.get("idempotency-key") ?? "").trim() !== ""
  );
}
