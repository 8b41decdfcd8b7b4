import { ApiError } from "@floodgate/contracts";
import { users } from "@floodgate/db";
import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { ApiApp } from "../../api-env";
import { sessionResponse } from "../../auth/session-response";
import { rotateRefreshToken } from "../../domain/sessions";
import { sessionEnded } from "../../http/api-errors";
import { publicAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { refreshTokenBodySchema, sessionSchema } from "../../schemas/auth";
import { apiSecrets } from "../../secrets";

const route = createRoute({
  method: "post",
  path: "/auth/refresh",
  tags: ["Auth"],
  summary: "Trade a refresh token for a new session pair",
  description:
    "The refresh token rotates on every use. Presenting an already-used token again revokes the whole session (every token of its family).",
  ...publicAccess(),
  request: { body: jsonBody(refreshTokenBodySchema) },
  responses: {
    200: json(sessionSchema, "A new access token and refresh token."),
    ...errorResponses(400),
    401: {
      ...errorResponses(401)[401],
      description:
        "`invalid_refresh_token`: unknown token. `refresh_token_expired`: past its 30 days. `session_revoked`: the session ended (logout, password change, or revoked after a reuse). `refresh_token_reused`: the token was already rotated, so a copy is in other hands; the whole session is revoked.",
    },
  },
});

const failures = {
  unknown: ["Unknown refresh token.", "invalid_refresh_token"],
  expired: ["The refresh token has expired; sign in again.", "refresh_token_expired"],
  reused: [
    "This refresh token was already used; the session has been revoked. Sign in again.",
    "refresh_token_reused",
  ],
} as const;

export function registerRefresh(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const secrets = apiSecrets(c.env);
    const rotation = await rotateRefreshToken(
      c.var.db,
      c.req.valid("json").refreshToken,
      c.var.requestId,
    );
    if (!rotation.ok) {
      if (rotation.reason === "ended") throw sessionEnded();
      const [message, code] = failures[rotation.reason];
      throw ApiError.unauthorized(message, code);
    }
    const [user] = await c.var.db.select().from(users).where(eq(users.id, rotation.userId));
    if (!user) throw ApiError.unauthorized(failures.unknown[0], failures.unknown[1]);
    return c.json(await sessionResponse(secrets, user, rotation.issued), 200);
  });
}
