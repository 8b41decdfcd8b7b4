import { ApiError } from "@floodgate/contracts";
import { limitRules } from "@floodgate/db";
import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { ApiApp } from "../../api-env";
import { commitChange } from "../../domain/commit";
import { ruleView, tierNamesOf } from "../../domain/limit-rules";
import { projectOwnerAccess } from "../../openapi/access";
import { errorResponses } from "../../openapi/responses";
import { projectChildParams } from "../../schemas/common";

const route = createRoute({
  method: "delete",
  path: "/projects/{projectId}/rules/{ruleId}",
  tags: ["Tiers and limits"],
  summary: "Delete a limit rule",
  ...projectOwnerAccess(),
  request: { params: projectChildParams("ruleId") },
  responses: { 204: { description: "Deleted." }, ...errorResponses(400, 401, 403, 404) },
});

export function registerDeleteRule(api: ApiApp): void {
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
    await commitChange(db, {
      statements: [db.delete(limitRules).where(eq(limitRules.id, rule.id))],
      audit: {
        projectId,
        actor: c.var.actor,
        action: "rule.delete",
        targetType: "limit_rule",
        targetId: rule.id,
        requestId: c.var.requestId,
        diff: { before: ruleView(rule, await tierNamesOf(db, projectId)) },
      },
      configOf: projectId,
    });
    return c.body(null, 204);
  });
}
