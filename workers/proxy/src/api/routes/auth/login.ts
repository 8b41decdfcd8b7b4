import { ApiError } from "@floodgate/contracts";
import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { sessionResponse } from "../../auth/session-response";
import { checkCredentials } from "../../domain/accounts";
import { loginVerdict, recordLoginFailure } from "../../domain/login-throttle";
import { startSession } from "../../domain/sessions";
import { tooManyLoginAttempts } from "../../http/api-errors";
import { publicAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { loginSchema, sessionSchema } from "../../schemas/auth";
import { apiSecrets } from "../../secrets";

const route = createRoute({
  method: "post",
  path: "/auth/login",
  tags: ["Auth"],
  summary: "Sign in",
  description:
    "Throttled: 5 failed attempts per account and 20 per client IP in 15 minutes, then 429 with `retry-after`.",
  ...publicAccess(),
  request: { body: jsonBody(loginSchema) },
  responses: {
    200: json(sessionSchema, "Signed in."),
    ...errorResponses(400, 401, 429),
  },
});

export function registerLogin(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const secrets = apiSecrets(c.env);
    const input = c.req.valid("json");
    const attempt = { email: input.email, ip: c.req.header("cf-connecting-ip") ?? "unknown" };
    const verdict = await loginVerdict(c.var.db, attempt);
    if (!verdict.allowed) throw tooManyLoginAttempts(verdict.retryAfterMs, verdict.scope);
    const user = await checkCredentials(c.var.db, input);
    if (!user) {
      await recordLoginFailure(c.var.db, attempt, c.var.requestId);
      throw ApiError.unauthorized("Wrong e-mail or password.", "invalid_credentials");
    }
    const refresh = await startSession(c.var.db, user.id);
    return c.json(await sessionResponse(secrets, user, refresh), 200);
  });
}
