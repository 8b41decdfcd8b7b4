import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { toPeriod } from "../../domain/period";
import { usageByIdentity } from "../../domain/usage";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { byIdentityQuerySchema, byIdentitySchema } from "../../schemas/usage";

const route = createRoute({
  method: "get",
  path: "/projects/{projectId}/usage/identities",
  tags: ["Usage and billing"],
  summary: "Top identities of a period",
  ...projectBackendAccess(),
  request: { params: projectIdParamSchema, query: byIdentityQuerySchema },
  responses: {
    200: json(byIdentitySchema, "Top N, largest first."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerUsageByIdentity(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const period = toPeriod(query);
    const identities = await usageByIdentity(
      c.var.db,
      c.var.project.id,
      period,
      query.limit,
      query.orderBy,
    );
    return c.json({ period, identities }, 200);
  });
}
