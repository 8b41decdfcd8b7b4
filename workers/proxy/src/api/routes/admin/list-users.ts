import { createRoute, z } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { listUsers } from "../../domain/admin";
import { adminAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { adminListQuerySchema, adminUserSchema } from "../../schemas/admin";
import { apiSecrets } from "../../secrets";

const route = createRoute({
  method: "get",
  path: "/admin/users",
  tags: ["Admin"],
  summary: "Every user (platform admins only)",
  ...adminAccess(),
  request: { query: adminListQuerySchema },
  responses: {
    200: json(
      z.object({ users: z.array(adminUserSchema), nextCursor: z.string().nullable() }),
      "A page.",
    ),
    ...errorResponses(400, 401, 403),
  },
});

export function registerAdminListUsers(api: ApiApp): void {
  api.openapi(route, async (c) =>
    c.json(await listUsers(c.var.db, c.req.valid("query"), apiSecrets(c.env).ADMIN_EMAILS), 200),
  );
}
