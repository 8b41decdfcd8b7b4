import { ApiError } from "@floodgate/contracts";
import { limitRules } from "@floodgate/db";
import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { ApiApp } from "../../api-env";
import { commitChange } from "../../domain/commit";
import { resolveRule, ruleView, tierNamesOf } from "../../domain/limit-rules";
import { diffOf } from "../../domain/redact";
import { projectOwnerAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { projectChildParams } from "../../schemas/common";
import { ruleSchema, updateRuleSchema } from "../../schemas/limit-rules";

const route = createRoute({
  method: "patch",
  path: "/projects/{projectId}/rules/{ruleId}",
  tags: ["Tiers and limits"],
  summary: "Change a limit rule",
  ...projectOwnerAccess(),
  request: { params: projectChildParams("ruleId"), body: jsonBody(updateRuleSchema) },
  responses: {
    200: json(ruleSchema, "The rule."),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export function registerUpdateRule(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const db = c.var.db;
    const projectId = c.var.project.id;
    const [rule] = await db
      .select()
      .from(limitRules)
      .where(
        and(eq(limitRules.projectId, projectId), eq(limitRules.id, c.req.valid("param").ruleId)),
      );
    if (!rule) throw ApiError.notFound("No such rule.", "rule_not_found");
    const names = await tierNamesOf(db, projectId);
    const before = ruleView(rule, names);
    const patch = c.req.valid("json");
    const merged = {
      tier: patch.tier !== undefined ? patch.tier : before.tier,
      modelPattern: patch.modelPattern !== undefined ? patch.modelPattern : before.modelPattern,
      metric: patch.metric ?? before.metric,
      window: patch.window ?? before.window,
      limit: patch.limit !== undefined ? patch.limit : before.limit,
    };
    const columns = await resolveRule(db, projectId, merged, rule.id);
    const after = { ...rule, ...columns, updatedAt: Date.now() };
    const view = ruleView(after, names);
    await commitChange(db, {
      statements: [
        db
          .update(limitRules)
          .set({ ...columns, updatedAt: after.updatedAt })
          .where(eq(limitRules.id, rule.id)),
      ],
      audit: {
        projectId,
        actor: c.var.actor,
        action: "rule.update",
        targetType: "limit_rule",
        targetId: rule.id,
        requestId: c.var.requestId,
        diff: diffOf(before, view),
      },
      configOf: projectId,
    });
    return c.json(view, 200);
  });
}
