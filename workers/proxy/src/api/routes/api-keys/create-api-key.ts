import { ApiError } from "@floodgate/contracts";
import { type ApiKey, apiKeys } from "@floodgate/db";
import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { newId } from "../../crypto/random-token";
import { apiKeyView } from "../../domain/api-keys";
import { commitChange } from "../../domain/commit";
import { futureDateMs } from "../../domain/future-date";
import { mintKey } from "../../domain/mint-key";
import { findTierByName } from "../../domain/tiers";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { createApiKeySchema, createdApiKeySchema } from "../../schemas/api-keys";
import { projectIdParamSchema } from "../../schemas/common";

const route = createRoute({
  method: "post",
  path: "/projects/{projectId}/api-keys",
  tags: ["API keys"],
  summary: "Create a consumer API key for the gateway",
  description:
    "A `fg_…` key for `/gw/{projectSlug}/*` (header `x-api-key` or `Authorization: Bearer`), limited by its tier's rules. Shown once; only its SHA-256 is stored.",
  ...projectBackendAccess(),
  request: { params: projectIdParamSchema, body: jsonBody(createApiKeySchema) },
  responses: {
    201: json(createdApiKeySchema, "The key."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerCreateApiKey(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const db = c.var.db;
    const projectId = c.var.project.id;
    const input = c.req.valid("json");
    if (!(await findTierByName(db, projectId, input.tier))) {
      throw ApiError.badRequest(
        `tier: no tier named "${input.tier}" in this project`,
        "tier",
        "unknown_tier",
      );
    }
    const minted = await mintKey("fg");
    const key: ApiKey = {
      id: newId("ak"),
      projectId,
      keyHash: minted.hash,
      prefix: minted.prefix,
      name: input.name,
      tier: input.tier,
      identity: input.identity ?? null,
      expiresAt: input.expiresAt === undefined ? null : futureDateMs(input.expiresAt, "expiresAt"),
      blockedAt: null,
      revokedAt: null,
      lastUsedAt: null,
      createdAt: Date.now(),
    };
    await commitChange(db, {
      statements: [db.insert(apiKeys).values(key)],
      audit: {
        projectId,
        actor: c.var.actor,
        action: "api_key.create",
        targetType: "api_key",
        targetId: key.id,
        requestId: c.var.requestId,
        diff: { after: apiKeyView(key) },
      },
      configOf: projectId,
    });
    return c.json({ ...apiKeyView(key), key: minted.key }, 201);
  });
}
