import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";

/**
 * Response headers on every answer: `x-request-id` and `openai-version` as OpenAI sends them,
 * and `x-mock-received-authorization: present|absent` so proxy tests can check that the
 * Authorization header was passed through. The key itself is never echoed.
 */
export function originHeaders(): MiddlewareHandler<AppEnv> {
  return async function originHeadersMiddleware(c, next) {
    const authorization = c.req.header("authorization");
    await next();
    c.res.headers.set(
      "x-mock-received-authorization",
      authorization !== undefined && authorization.trim() !== "" ? "present" : "absent",
    );
    c.res.headers.set("x-request-id", `req_${crypto.randomUUID().replaceAll("-", "")}`);
    c.res.headers.set("openai-version", "2020-10-01");
  };
}
