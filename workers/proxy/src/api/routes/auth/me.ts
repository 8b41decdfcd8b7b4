import { ApiError } from "@floodgate/contracts";
import { users } from "@floodgate/db";
import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { ApiApp } from "../../api-env";
import { userView } from "../../auth/session-response";
import { userAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { userSchema } from "../../schemas/auth";
import { apiSecrets } from "../../secrets";

const route = createRoute({
  method: "get",
  path: "/auth/me",
  tags: ["Auth"],
  summary: "The signed-in user",
  ...userAccess(),
  responses: { 200: json(userSchema, "The user."), ...errorResponses(401, 403) },
});

export function registerMe(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const [user] = await c.var.db.select().from(users).where(eq(users.id, c.var.user.id));
    if (!user) throw ApiError.unauthorized("The account no longer exists.", "invalid_token");
    return c.json(userView(apiSecrets(c.env), user), 200);
  });
}
