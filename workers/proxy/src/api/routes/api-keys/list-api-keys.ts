import { apiKeys } from "@floodgate/db";
import { createRoute, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { ApiApp } from "../../api-env";
import { apiKeyView } from "../../domain/api-keys";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { apiKeySchema, listApiKeysQuerySchema } from "../../schemas/api-keys";
import { projectIdParamSchema } from "../../schemas/common";

const route = createRoute({
  method: "get",
  path: "/projects/{projectId}/api-keys",
  tags: ["API keys"],
  summary: "List consumer API keys (never the keys themselves)",
  ...projectBackendAccess(),
  request: { params: projectIdParamSchema, query: listApiKeysQuerySchema },
  responses: {
    200: json(z.object({ apiKeys: z.array(apiKeySchema) }), "Newest first."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerListApiKeys(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const rows = await c.var.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.projectId, c.var.project.id));
    const views = rows
      .sort((a, b) => b.createdAt - a.createdAt)
      .map(apiKeyView)
      .filter(
        (k) =>
          (query.tier === undefined || k.tier === query.tier) &&
          (query.status === undefined || k.status === query.status) &&
          (query.identity === undefined || k.identity === query.identity),
      );
    return c.json({ apiKeys: views }, 200);
  });
}
