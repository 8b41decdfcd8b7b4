import { limitRules } from "@floodgate/db";
import { createRoute, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { ApiApp } from "../../api-env";
import { ruleView, tierNamesOf } from "../../domain/limit-rules";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { ruleSchema } from "../../schemas/limit-rules";

const route = createRoute({
  method: "get",
  path: "/projects/{projectId}/rules",
  tags: ["Tiers and limits"],
  summary: "The project's limit rules",
  ...projectBackendAccess(),
  request: { params: projectIdParamSchema },
  responses: {
    200: json(z.object({ rules: z.array(ruleSchema) }), "Every rule."),
    ...errorResponses(401, 403, 404),
  },
});

export function registerListRules(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const db = c.var.db;
    const projectId = c.var.project.id;
    const names = await tierNamesOf(db, projectId);
    const rows = await db.select().from(limitRules).where(eq(limitRules.projectId, projectId));
    rows.sort((a, b) => a.createdAt - b.createdAt);
    return c.json({ rules: rows.map((r) => ruleView(r, names)) }, 200);
  });
}
