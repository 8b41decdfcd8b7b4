import { createRoute, z } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { listApiKeys } from "../../domain/api-keys";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { apiKeySchema, listApiKeysQuerySchema } from "../../schemas/api-keys";
import { projectIdParamSchema } from "../../schemas/common";

const route = createRoute({
  method: "get",
  path: "/projects/{projectId}/api-keys",
  tags: ["API keys"],
  summary: "List consumer API keys (never the keys themselves)",
  description:
    "Newest first (keys created in the same millisecond by id), a page of `limit` at a time; filter by tier, status or identity.",
  ...projectBackendAccess(),
  request: { params: projectIdParamSchema, query: listApiKeysQuerySchema },
  responses: {
    200: json(
      z
        .object({ apiKeys: z.array(apiKeySchema), nextCursor: z.string().nullable() })
        .openapi("ApiKeyPage"),
      "A page; `nextCursor` is null on the last one.",
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerListApiKeys(api: ApiApp): void {
  api.openapi(route, async (c) =>
    c.json(await listApiKeys(c.var.db, c.var.project.id, c.req.valid("query")), 200),
  );
}
