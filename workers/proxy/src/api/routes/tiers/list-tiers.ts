import { createRoute, z } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { listTiers, tierView } from "../../domain/tiers";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { tierSchema } from "../../schemas/tiers";

const route = createRoute({
  method: "get",
  path: "/projects/{projectId}/tiers",
  tags: ["Tiers and limits"],
  summary: "The project's tiers",
  ...projectBackendAccess(),
  request: { params: projectIdParamSchema },
  responses: {
    200: json(z.object({ tiers: z.array(tierSchema) }), "By position."),
    ...errorResponses(401, 403, 404),
  },
});

export function registerListTiers(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const rows = await listTiers(c.var.db, c.var.project.id);
    return c.json({ tiers: rows.map(tierView) }, 200);
  });
}
