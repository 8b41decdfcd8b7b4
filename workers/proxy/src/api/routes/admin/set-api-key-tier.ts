import { ApiError } from "@floodgate/contracts";
import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { anyProject } from "../../domain/admin";
import { apiKeyView, changeApiKey, findApiKey } from "../../domain/api-keys";
import { findTierByName } from "../../domain/tiers";
import { adminAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { setKeyTierSchema } from "../../schemas/admin";
import { apiKeySchema } from "../../schemas/api-keys";
import { projectChildParams } from "../../schemas/common";

const route = createRoute({
  method: "put",
  path: "/admin/projects/{projectId}/api-keys/{keyId}/tier",
  tags: ["Admin"],
  summary: "Move any consumer API key to another tier (platform admins only)",
  ...adminAccess(),
  request: { params: projectChildParams("keyId"), body: jsonBody(setKeyTierSchema) },
  responses: { 200: json(apiKeySchema, "The key."), ...errorResponses(400, 401, 403, 404) },
});

export function registerAdminSetApiKeyTier(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const { projectId, keyId } = c.req.valid("param");
    const { tier } = c.req.valid("json");
    const project = await anyProject(c.var.db, projectId);
    const key = await findApiKey(c.var.db, project.id, keyId);
    if (!(await findTierByName(c.var.db, project.id, tier))) {
      throw ApiError.badRequest(
        `tier: no tier named "${tier}" in this project`,
        "tier",
        "unknown_tier",
      );
    }
    const after = await changeApiKey(
      c.var.db,
      key,
      { tier },
      "api_key.set_tier",
      c.var.actor,
      c.var.requestId,
    );
    return c.json(apiKeyView(after), 200);
  });
}
