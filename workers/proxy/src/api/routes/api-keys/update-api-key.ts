import { ApiError } from "@floodgate/contracts";
import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { apiKeyView, changeApiKey, findApiKey } from "../../domain/api-keys";
import { futureDateMs } from "../../domain/future-date";
import { findTierByName } from "../../domain/tiers";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { apiKeySchema, updateApiKeySchema } from "../../schemas/api-keys";
import { projectChildParams } from "../../schemas/common";

const route = createRoute({
  method: "patch",
  path: "/projects/{projectId}/api-keys/{keyId}",
  tags: ["API keys"],
  summary: "Rename an API key, move it to another tier, or change its expiry",
  ...projectBackendAccess(),
  request: { params: projectChildParams("keyId"), body: jsonBody(updateApiKeySchema) },
  responses: {
    200: json(apiKeySchema, "The key."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerUpdateApiKey(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const db = c.var.db;
    const key = await findApiKey(db, c.var.project.id, c.req.valid("param").keyId);
    const input = c.req.valid("json");
    if (input.tier !== undefined && !(await findTierByName(db, key.projectId, input.tier))) {
      throw ApiError.badRequest(
        `tier: no tier named "${input.tier}" in this project`,
        "tier",
        "unknown_tier",
      );
    }
    const set = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.tier !== undefined ? { tier: input.tier } : {}),
      ...(input.expiresAt !== undefined
        ? {
            expiresAt: input.expiresAt === null ? null : futureDateMs(input.expiresAt, "expiresAt"),
          }
        : {}),
    };
    // Nothing to change: nothing to write, record or bump.
    if (Object.keys(set).length === 0) return c.json(apiKeyView(key), 200);
    const after = await changeApiKey(db, key, set, "api_key.update", c.var.actor, c.var.requestId);
    return c.json(apiKeyView(after), 200);
  });
}
