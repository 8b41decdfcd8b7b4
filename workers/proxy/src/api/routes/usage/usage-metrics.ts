import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { toPeriod } from "../../domain/period";
import { usageMetrics } from "../../domain/usage";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { metricsQuerySchema, metricsSchema } from "../../schemas/usage";

const route = createRoute({
  method: "get",
  path: "/projects/{projectId}/usage/metrics",
  tags: ["Usage and billing"],
  summary: "Request counters and latency percentiles for a period",
  ...projectBackendAccess(),
  request: { params: projectIdParamSchema, query: metricsQuerySchema },
  responses: {
    200: json(metricsSchema, "Counters and percentiles."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerUsageMetrics(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const period = toPeriod(c.req.valid("query"));
    const { allowed, denied, upstreamErrors, latencyMs } = await usageMetrics(
      c.var.db,
      c.var.project.id,
      period,
    );
    const decided = allowed + denied;
    return c.json(
      {
        period,
        counters: { requests: decided, allowed, denied, upstreamErrors },
        deniedRate: decided === 0 ? 0 : denied / decided,
        latencyMs,
      },
      200,
    );
  });
}
