import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { queryAudit } from "../../domain/audit-query";
import { projectOwnerAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { auditPageSchema, auditQuerySchema } from "../../schemas/audit";
import { projectIdParamSchema } from "../../schemas/common";

const route = createRoute({
  method: "get",
  path: "/projects/{projectId}/audit",
  tags: ["Audit"],
  summary: "The project's audit log",
  description:
    "Every mutation: actor, action, target, time, request id and a redacted diff. Newest first.",
  ...projectOwnerAccess(),
  request: { params: projectIdParamSchema, query: auditQuerySchema },
  responses: { 200: json(auditPageSchema, "A page."), ...errorResponses(400, 401, 403, 404) },
});

export function registerListProjectAudit(api: ApiApp): void {
  api.openapi(route, async (c) =>
    c.json(
      await queryAudit(c.var.db, { ...c.req.valid("query"), projectId: c.var.project.id }),
      200,
    ),
  );
}
