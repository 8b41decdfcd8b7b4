import { users } from "@floodgate/db";
import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { ApiApp } from "../../api-env";
import { auditStatement } from "../../domain/audit";
import { runBatch } from "../../domain/batch";
import { endSession } from "../../domain/sessions";
import { publicAccess } from "../../openapi/access";
import { errorResponses, jsonBody } from "../../openapi/responses";
import { refreshTokenBodySchema } from "../../schemas/auth";

const route = createRoute({
  method: "post",
  path: "/auth/logout",
  tags: ["Auth"],
  summary: "End a session",
  description:
    "Revokes the refresh token's whole family; access tokens of the session stop working at once. Unknown tokens are answered the same way.",
  ...publicAccess(),
  request: { body: jsonBody(refreshTokenBodySchema) },
  responses: { 204: { description: "Signed out." }, ...errorResponses(400) },
});

export function registerLogout(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const db = c.var.db;
    const ended = await endSession(db, c.req.valid("json").refreshToken);
    if (ended) {
      const [user] = await db.select().from(users).where(eq(users.id, ended.userId));
      await runBatch(db, [
        auditStatement(db, {
          projectId: null,
          actor: { type: "user", id: ended.userId, email: user?.email ?? "" },
          action: "session.logout",
          targetType: "session",
          targetId: ended.familyId,
          requestId: c.var.requestId,
        }),
      ]);
    }
    return c.body(null, 204);
  });
}
