import type { Context } from "hono";

/**
 * Sets a header on the response a middleware got back from `next()`, in place. Hono's
 * `c.header()` copies a finished response first (a new Response and its headers, per call); the
 * responses built here are mutable, so the copy is made only for one whose headers are not (a
 * `fetch` result passed on as it came).
 */
export function setResponseHeader(
  c: Context,
  name: string,
  value: string,
  options?: { append: boolean },
): void {
  const { headers } = c.res;
  try {
    if (options?.append) headers.append(name, value);
    else headers.set(name, value);
  } catch {
    c.header(name, value, options);
  }
}
