import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { issueProjectKey } from "../../domain/project-keys";
import { projectOwnerAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { createdProjectKeySchema } from "../../schemas/projects";

const route = createRoute({
  method: "post",
  path: "/projects/{projectId}/keys/secret",
  tags: ["Keys"],
  summary: "Create a secret key",
  description:
    "A new `sk_…` for an app backend, shown once (only its SHA-256 is kept). Existing secret keys stay valid.",
  ...projectOwnerAccess(),
  request: { params: projectIdParamSchema },
  responses: {
    201: json(createdProjectKeySchema, "The new key."),
    ...errorResponses(401, 403, 404),
  },
});

export function registerCreateSecretKey(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const key = await issueProjectKey(c.var.db, {
      projectId: c.var.project.id,
      kind: "secret",
      replace: false,
      actor: c.var.actor,
      requestId: c.var.requestId,
    });
    return c.json(key, 201);
  });
}
