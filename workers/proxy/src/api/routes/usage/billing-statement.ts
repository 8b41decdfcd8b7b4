import { projectSettingsSchema } from "@floodgate/contracts";
import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { billingStatement } from "../../domain/billing";
import { toPeriod } from "../../domain/period";
import { usageByModel } from "../../domain/usage";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { statementBodySchema, statementSchema } from "../../schemas/usage";

const route = createRoute({
  method: "post",
  path: "/projects/{projectId}/billing/statement",
  tags: ["Usage and billing"],
  summary: "A billing statement for a period",
  description:
    "One line item per model: requests × the per-request unit price, plus input and output tokens × the model's price per million tokens (the request's `modelPrices`, then the project's `settings.prices`; unpriced tokens are free). Each charge is rounded half up to a whole micro-USD; the total is the sum of the line items. Computes, changes nothing.",
  ...projectBackendAccess(),
  request: { params: projectIdParamSchema, body: jsonBody(statementBodySchema) },
  responses: {
    200: json(statementSchema, "The statement."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerBillingStatement(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const input = c.req.valid("json");
    const period = toPeriod(input, "");
    const usage = await usageByModel(c.var.db, c.var.project.id, period, {
      identity: input.identity,
    });
    const settings = projectSettingsSchema.safeParse(c.var.project.settings);
    const statement = billingStatement(usage, {
      requestMicroUsd: input.requestUnitPriceMicroUsd,
      models: input.modelPrices,
      projectModels: settings.success ? settings.data.prices : {},
    });
    return c.json(
      { period, identity: input.identity ?? null, currency: "USD" as const, ...statement },
      200,
    );
  });
}
