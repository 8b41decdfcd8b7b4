import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { anyProject } from "../../domain/admin";
import { apiKeyView, changeApiKey, findApiKey } from "../../domain/api-keys";
import { adminAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { apiKeySchema } from "../../schemas/api-keys";
import { projectChildParams } from "../../schemas/common";

const route = createRoute({
  method: "post",
  path: "/admin/projects/{projectId}/api-keys/{keyId}/block",
  tags: ["Admin"],
  summary: "Block any consumer API key (platform admins only)",
  ...adminAccess(),
  request: { params: projectChildParams("keyId") },
  responses: { 200: json(apiKeySchema, "The key."), ...errorResponses(400, 401, 403, 404) },
});

export function registerAdminBlockApiKey(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const { projectId, keyId } = c.req.valid("param");
    const project = await anyProject(c.var.db, projectId);
    const key = await findApiKey(c.var.db, project.id, keyId);
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
