import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { issueProjectKey } from "../../domain/project-keys";
import { projectOwnerAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { createdProjectKeySchema } from "../../schemas/projects";

const route = createRoute({
  method: "post",
  path: "/projects/{projectId}/keys/publishable/rotate",
  tags: ["Keys"],
  summary: "Rotate the publishable key",
  description: "Issues a new `pk_…` (shown once) and revokes the old one at once.",
  ...projectOwnerAccess(),
  request: { params: projectIdParamSchema },
  responses: {
    201: json(createdProjectKeySchema, "The new key."),
    ...errorResponses(401, 403, 404),
  },
});

export function registerRotatePublishableKey(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const key = await issueProjectKey(c.var.db, {
      projectId: c.var.project.id,
      kind: "publishable",
      replace: true,
      actor: c.var.actor,
      requestId: c.var.requestId,
    });
    return c.json(key, 201);
  });
}
