import { ApiError } from "@floodgate/contracts";
import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { sessionResponse } from "../../auth/session-response";
import { changePassword, checkCredentials } from "../../domain/accounts";
import { loginVerdict, recordLoginFailure } from "../../domain/login-throttle";
import { startSession } from "../../domain/sessions";
import { tooManyLoginAttempts } from "../../http/api-errors";
import { userAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { passwordChangeSchema, sessionSchema } from "../../schemas/auth";
import { apiSecrets } from "../../secrets";

const route = createRoute({
  method: "post",
  path: "/auth/password",
  tags: ["Auth"],
  summary: "Change the signed-in user's password",
  description:
    "Needs the current password (a wrong one counts as a failed sign-in, with the same throttling). Ends every session of the user, this one included, so every other access and refresh token stops working at once; answers with a new session.",
  ...userAccess(),
  request: { body: jsonBody(passwordChangeSchema) },
  responses: {
    200: json(sessionSchema, "Changed; a new session."),
    ...errorResponses(400, 401, 403, 429),
  },
});

export function registerChangePassword(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const secrets = apiSecrets(c.env);
    const input = c.req.valid("json");
    const attempt = { email: c.var.user.email, ip: c.req.header("cf-connecting-ip") ?? "unknown" };
    const verdict = await loginVerdict(c.var.db, attempt);
    if (!verdict.allowed) throw tooManyLoginAttempts(verdict.retryAfterMs, verdict.scope);
    const user = await checkCredentials(c.var.db, {
      email: attempt.email,
      password: input.currentPassword,
    });
    if (!user) {
      await recordLoginFailure(c.var.db, attempt, c.var.requestId);
      throw ApiError.unauthorized("The current password is wrong.", "invalid_credentials");
    }
    await changePassword(c.var.db, user, input.newPassword, c.var.requestId);
    const refresh = await startSession(c.var.db, user.id);
    return c.json(await sessionResponse(secrets, user, refresh), 200);
  });
}
