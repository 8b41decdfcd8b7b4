import { createRoute, z } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { listAllProjects } from "../../domain/admin";
import { adminAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { adminListQuerySchema, adminProjectSchema } from "../../schemas/admin";

const route = createRoute({
  method: "get",
  path: "/admin/projects",
  tags: ["Admin"],
  summary: "Every project (platform admins only)",
  ...adminAccess(),
  request: { query: adminListQuerySchema },
  responses: {
    200: json(
      z.object({ projects: z.array(adminProjectSchema), nextCursor: z.string().nullable() }),
      "A page.",
    ),
    ...errorResponses(400, 401, 403),
  },
});

export function registerAdminListProjects(api: ApiApp): void {
  api.openapi(route, async (c) =>
    c.json(await listAllProjects(c.var.db, c.req.valid("query")), 200),
  );
}
