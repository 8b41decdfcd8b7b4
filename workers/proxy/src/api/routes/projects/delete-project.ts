import { identities, projects } from "@floodgate/db";
import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { afterResponse } from "../../../after-response";
import type { ApiApp } from "../../api-env";
import { auditStatement } from "../../domain/audit";
import { runBatch } from "../../domain/batch";
import { forgetCachedConfig } from "../../domain/config-version";
import { forgetIdentitiesOfDeletedProject } from "../../domain/identities";
import { projectOwnerAccess } from "../../openapi/access";
import { errorResponses } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";

const route = createRoute({
  method: "delete",
  path: "/projects/{projectId}",
  tags: ["Projects"],
  summary: "Delete a project",
  description:
    "Deletes its keys, tiers, rules, identities, API keys and usage. Each identity's limiter state (counters, gifts, promo, overrides) is dropped just after the response. The audit trail stays (its project reference is cleared; the entry's target keeps the id).",
  ...projectOwnerAccess(),
  request: { params: projectIdParamSchema },
  responses: { 204: { description: "Deleted." }, ...errorResponses(401, 403, 404) },
});

export function registerDeleteProject(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const db = c.var.db;
    const project = c.var.project;
    // Read before the cascade takes them: each one's LimiterDO is told after the response.
    const known = await db
      .select({ identity: identities.identity })
      .from(identities)
      .where(eq(identities.projectId, project.id));
    await runBatch(db, [
      auditStatement(db, {
        projectId: null,
        actor: c.var.actor,
        action: "project.delete",
        targetType: "project",
        targetId: project.id,
        requestId: c.var.requestId,
        diff: { before: { name: project.name, slug: project.slug } },
      }),
      db.delete(projects).where(eq(projects.id, project.id)),
    ]);
    forgetCachedConfig(project.id);
    afterResponse(c)(
      forgetIdentitiesOfDeletedProject(
        c.env,
        project.id,
        known.map((row) => row.identity),
      ),
    );
    return c.body(null, 204);
  });
}
