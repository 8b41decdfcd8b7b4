import { createRoute, z } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { listProjects, projectView } from "../../domain/projects";
import { userAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { projectSchema } from "../../schemas/projects";

const route = createRoute({
  method: "get",
  path: "/projects",
  tags: ["Projects"],
  summary: "The signed-in user's projects",
  ...userAccess(),
  responses: {
    200: json(z.object({ projects: z.array(projectSchema) }), "Newest first."),
    ...errorResponses(401, 403),
  },
});

export function registerListProjects(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const rows = await listProjects(c.var.db, c.var.user.id);
    return c.json({ projects: rows.map(projectView) }, 200);
  });
}
