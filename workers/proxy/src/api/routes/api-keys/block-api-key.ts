import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { apiKeyView, changeApiKey, findApiKey } from "../../domain/api-keys";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { apiKeySchema } from "../../schemas/api-keys";
import { projectChildParams } from "../../schemas/common";

const route = createRoute({
  method: "post",
  path: "/projects/{projectId}/api-keys/{keyId}/block",
  tags: ["API keys"],
  summary: "Block an API key",
  description: "Reversible: the gateway answers 403 until it is unblocked.",
  ...projectBackendAccess(),
  request: { params: projectChildParams("keyId") },
  responses: {
    200: json(apiKeySchema, "The key."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerBlockApiKey(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const key = await findApiKey(c.var.db, c.var.project.id, c.req.valid("param").keyId);
    const after = await changeApiKey(
      c.var.db,
      key,
      { blockedAt: key.blockedAt ?? Date.now() },
      "api_key.block",
      c.var.actor,
      c.var.requestId,
    );
    return c.json(apiKeyView(after), 200);
  });
}
