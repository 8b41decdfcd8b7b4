import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { toPeriod } from "../../domain/period";
import { usageByModel } from "../../domain/usage";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { byModelQuerySchema, byModelSchema } from "../../schemas/usage";

const route = createRoute({
  method: "get",
  path: "/projects/{projectId}/usage/models",
  tags: ["Usage and billing"],
  summary: "Usage per model for a period",
  description: "`model` is empty for requests without one (the generic gateway).",
  ...projectBackendAccess(),
  request: { params: projectIdParamSchema, query: byModelQuerySchema },
  responses: { 200: json(byModelSchema, "By model name."), ...errorResponses(400, 401, 403, 404) },
});

export function registerUsageByModel(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const period = toPeriod(query);
    const models = await usageByModel(c.var.db, c.var.project.id, period, {
      identity: query.identity,
    });
    return c.json({ period, models }, 200);
  });
}
