import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { toPeriod } from "../../domain/period";
import { usageSummary } from "../../domain/usage";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { summaryQuerySchema, summarySchema } from "../../schemas/usage";

const route = createRoute({
  method: "get",
  path: "/projects/{projectId}/usage/summary",
  tags: ["Usage and billing"],
  summary: "Usage totals for a period",
  description:
    "From the hourly rollups the limiters flush: an hour counts in full in the period its start falls in, so back-to-back periods never count an hour twice.",
  ...projectBackendAccess(),
  request: { params: projectIdParamSchema, query: summaryQuerySchema },
  responses: { 200: json(summarySchema, "Totals."), ...errorResponses(400, 401, 403, 404) },
});

export function registerUsageSummary(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const period = toPeriod(query);
    const { identities, models, ...totals } = await usageSummary(
      c.var.db,
      c.var.project.id,
      period,
      {
        identity: query.identity,
      },
    );
    return c.json({ period, totals, identities, models }, 200);
  });
}
