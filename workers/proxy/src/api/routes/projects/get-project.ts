import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { projectView } from "../../domain/projects";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { projectSchema } from "../../schemas/projects";

const route = createRoute({
  method: "get",
  path: "/projects/{projectId}",
  tags: ["Projects"],
  summary: "A project and its settings",
  ...projectBackendAccess(),
  request: { params: projectIdParamSchema },
  responses: { 200: json(projectSchema, "The project."), ...errorResponses(401, 403, 404) },
});

export function registerGetProject(api: ApiApp): void {
  api.openapi(route, (c) => c.json(projectView(c.var.project), 200));
}
