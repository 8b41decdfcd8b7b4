import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { toPeriod } from "../../domain/period";
import { usageSummary } from "../../domain/usage";
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
    const totals = await usageSummary(c.var.db, c.var.project.id, period, {});
    const decided = totals.requests + totals.denied;
    return c.json(
      {
        period,
        counters: {
          requests: decided,
          allowed: totals.requests,
          denied: totals.denied,
          upstreamErrors: null,
        },
        deniedRate: decided === 0 ? 0 : totals.denied / decided,
        latencyMs: { p50: null, p90: null, p99: null },
      },
      200,
    );
  });
}
