import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { sessionResponse } from "../../auth/session-response";
import { registerUser } from "../../domain/accounts";
import { startSession } from "../../domain/sessions";
import { conflict } from "../../http/api-errors";
import { publicAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { credentialsSchema, sessionSchema } from "../../schemas/auth";
import { apiSecrets } from "../../secrets";

const route = createRoute({
  method: "post",
  path: "/auth/register",
  tags: ["Auth"],
  summary: "Create a dashboard account",
  description: "E-mail is trimmed and lower-cased. Signs the new user in.",
  ...publicAccess(),
  request: { body: jsonBody(credentialsSchema) },
  responses: {
    201: json(sessionSchema, "Account created; a session is started."),
    ...errorResponses(400, 409),
  },
});

export function registerRegister(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const secrets = apiSecrets(c.env);
    const result = await registerUser(c.var.db, c.req.valid("json"), c.var.requestId);
    if (!result.ok)
      throw conflict("An account with this e-mail already exists.", "email_taken", "email");
    const refresh = await startSession(c.var.db, result.user.id);
    return c.json(await sessionResponse(secrets, result.user, refresh), 201);
  });
}
