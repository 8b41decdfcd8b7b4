import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { apiKeyView, changeApiKey, findApiKey } from "../../domain/api-keys";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { apiKeySchema } from "../../schemas/api-keys";
import { projectChildParams } from "../../schemas/common";

const route = createRoute({
  method: "post",
  path: "/projects/{projectId}/api-keys/{keyId}/unblock",
  tags: ["API keys"],
  summary: "Unblock an API key",
  description: "The key works again (unless revoked or expired).",
  ...projectBackendAccess(),
  request: { params: projectChildParams("keyId") },
  responses: {
    200: json(apiKeySchema, "The key."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerUnblockApiKey(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const key = await findApiKey(c.var.db, c.var.project.id, c.req.valid("param").keyId);
    const after = await changeApiKey(
      c.var.db,
      key,
      { blockedAt: null },
      "api_key.unblock",
      c.var.actor,
      c.var.requestId,
    );
    return c.json(apiKeyView(after), 200);
  });
}
