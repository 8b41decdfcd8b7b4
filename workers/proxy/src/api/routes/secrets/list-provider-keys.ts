import { createRoute, z } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { listProviderKeys } from "../../domain/project-secrets";
import { projectOwnerAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { providerKeySchema } from "../../schemas/secrets";

const route = createRoute({
  method: "get",
  path: "/projects/{projectId}/provider-keys",
  tags: ["Provider keys"],
  summary: "Stored provider keys (provider and last 4 only)",
  ...projectOwnerAccess(),
  request: { params: projectIdParamSchema },
  responses: {
    200: json(z.object({ providerKeys: z.array(providerKeySchema) }), "Active keys."),
    ...errorResponses(401, 403, 404),
  },
});

export function registerListProviderKeys(api: ApiApp): void {
  api.openapi(route, async (c) =>
    c.json({ providerKeys: await listProviderKeys(c.var.db, c.var.project.id) }, 200),
  );
}
