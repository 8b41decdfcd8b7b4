import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { queryAudit } from "../../domain/audit-query";
import { adminAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { adminAuditQuerySchema, auditPageSchema } from "../../schemas/audit";

const route = createRoute({
  method: "get",
  path: "/admin/audit",
  tags: ["Admin"],
  summary: "The whole audit log (platform admins only)",
  description:
    "Account-level events (sign-ups, failed sign-ins, logouts, project deletions) included.",
  ...adminAccess(),
  request: { query: adminAuditQuerySchema },
  responses: {
    200: json(auditPageSchema, "A page, newest first."),
    ...errorResponses(400, 401, 403),
  },
});

export function registerAdminListAudit(api: ApiApp): void {
  api.openapi(route, async (c) => c.json(await queryAudit(c.var.db, c.req.valid("query")), 200));
}
