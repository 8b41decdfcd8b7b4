import { ApiError } from "@floodgate/contracts";
import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { revokeSecret } from "../../domain/project-secrets";
import { projectOwnerAccess } from "../../openapi/access";
import { errorResponses } from "../../openapi/responses";
import { providerParamsSchema } from "../../schemas/secrets";

const route = createRoute({
  method: "delete",
  path: "/projects/{projectId}/provider-keys/{provider}",
  tags: ["Provider keys"],
  summary: "Delete a provider's stored key",
  ...projectOwnerAccess(),
  request: { params: providerParamsSchema },
  responses: { 204: { description: "Deleted." }, ...errorResponses(400, 401, 403, 404) },
});

export function registerDeleteProviderKey(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const revoked = await revokeSecret(c.var.db, {
      projectId: c.var.project.id,
      kind: "provider_key",
      provider: c.req.valid("param").provider,
      actor: c.var.actor,
      requestId: c.var.requestId,
    });
    if (!revoked)
      throw ApiError.notFound("No key is stored for this provider.", "provider_key_not_found");
    return c.body(null, 204);
  });
}
