import { createRoute, z } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { listProjectKeys, projectKeyView } from "../../domain/project-keys";
import { projectOwnerAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { projectKeySchema } from "../../schemas/projects";

const route = createRoute({
  method: "get",
  path: "/projects/{projectId}/keys",
  tags: ["Keys"],
  summary: "The project's publishable and secret keys (prefix and last 4 only)",
  ...projectOwnerAccess(),
  request: { params: projectIdParamSchema },
  responses: {
    200: json(z.object({ keys: z.array(projectKeySchema) }), "Newest first, revoked ones too."),
    ...errorResponses(401, 403, 404),
  },
});

export function registerListKeys(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const rows = await listProjectKeys(c.var.db, c.var.project.id);
    return c.json({ keys: rows.map(projectKeyView) }, 200);
  });
}
