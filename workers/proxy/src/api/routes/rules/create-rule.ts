import { type LimitRule, limitRules } from "@floodgate/db";
import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { newId } from "../../crypto/random-token";
import { commitChange } from "../../domain/commit";
import { resolveRule, ruleView, tierNamesOf } from "../../domain/limit-rules";
import { projectOwnerAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { createRuleSchema, ruleSchema } from "../../schemas/limit-rules";

const route = createRoute({
  method: "post",
  path: "/projects/{projectId}/rules",
  tags: ["Tiers and limits"],
  summary: "Create a limit rule",
  description:
    "Scope (tier and/or model pattern) × metric × window × limit. Rejected with field-level messages: negative or fractional limits, windows under 1 s or over 31 days, unknown metrics, units or time zones, unknown tiers, a second rule for the same scope, metric and window. Reaches the hot path at once through the version stamp.",
  ...projectOwnerAccess(),
  request: { params: projectIdParamSchema, body: jsonBody(createRuleSchema) },
  responses: {
    201: json(ruleSchema, "The rule."),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export function registerCreateRule(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const db = c.var.db;
    const projectId = c.var.project.id;
    const columns = await resolveRule(db, projectId, c.req.valid("json"), null);
    const now = Date.now();
    const rule: LimitRule = {
      id: newId("rule"),
      projectId,
      ...columns,
      createdAt: now,
      updatedAt: now,
    };
    const view = ruleView(rule, await tierNamesOf(db, projectId));
    await commitChange(db, {
      statements: [db.insert(limitRules).values(rule)],
      audit: {
        projectId,
        actor: c.var.actor,
        action: "rule.create",
        targetType: "limit_rule",
        targetId: rule.id,
        requestId: c.var.requestId,
        diff: { after: view },
      },
      configOf: projectId,
    });
    return c.json(view, 201);
  });
}
