import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { toPeriod } from "../../domain/period";
import { usageTimeseries } from "../../domain/usage";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { timeseriesQuerySchema, timeseriesSchema } from "../../schemas/usage";

/** At most this many hourly points per answer (about 31 days). */
const MAX_HOURLY_MS = 31 * 86_400_000;

const route = createRoute({
  method: "get",
  path: "/projects/{projectId}/usage/timeseries",
  tags: ["Usage and billing"],
  summary: "Usage per UTC hour or day",
  description:
    "Every bucket of the period is listed, empty ones with zeros. Hourly series span at most 31 days.",
  ...projectBackendAccess(),
  request: { params: projectIdParamSchema, query: timeseriesQuerySchema },
  responses: { 200: json(timeseriesSchema, "The series."), ...errorResponses(400, 401, 403, 404) },
});

export function registerUsageTimeseries(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const period =
      query.bucket === "hour" ? toPeriod(query, "query.", MAX_HOURLY_MS) : toPeriod(query);
    const points = await usageTimeseries(c.var.db, c.var.project.id, period, query.bucket, {
      identity: query.identity,
      model: query.model,
    });
    return c.json({ period, bucket: query.bucket, points }, 200);
  });
}
