import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { apiKeyView, changeApiKey, findApiKey } from "../../domain/api-keys";
import { identityLimiter } from "../../domain/identities";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { apiKeySchema } from "../../schemas/api-keys";
import { projectChildParams } from "../../schemas/common";

const route = createRoute({
  method: "post",
  path: "/projects/{projectId}/api-keys/{keyId}/revoke",
  tags: ["API keys"],
  summary: "Revoke an API key",
  description:
    "For good: the gateway answers 401. A key counting against its own limits (no `identity`) has its limiter state erased; its usage stays in the rollups. A key of an owner identity leaves the owner's limits as they are.",
  ...projectBackendAccess(),
  request: { params: projectChildParams("keyId") },
  responses: {
    200: json(apiKeySchema, "The key."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerRevokeApiKey(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const key = await findApiKey(c.var.db, c.var.project.id, c.req.valid("param").keyId);
    const after = await changeApiKey(
      c.var.db,
      key,
      { revokedAt: key.revokedAt ?? Date.now() },
      "api_key.revoke",
      c.var.actor,
      c.var.requestId,
    );
    // The key's own identity can never call again: its counters go (usage reaching the rollups
    // first). An owner identity may have other keys and calls: its counters stay in force.
    // Retiring again on a repeated revoke is harmless, so a failure here can be retried.
    if (key.identity === null) await identityLimiter(c.env, key.projectId, key.id).retire();
    return c.json(apiKeyView(after), 200);
  });
}
