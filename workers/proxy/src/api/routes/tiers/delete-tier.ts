import { ApiError } from "@floodgate/contracts";
import { apiKeys, tiers } from "@floodgate/db";
import { createRoute } from "@hono/zod-openapi";
import { and, eq, isNull } from "drizzle-orm";
import type { ApiApp } from "../../api-env";
import { commitChange } from "../../domain/commit";
import { findTier, tierView } from "../../domain/tiers";
import { conflict } from "../../http/api-errors";
import { projectOwnerAccess } from "../../openapi/access";
import { errorResponses } from "../../openapi/responses";
import { projectChildParams } from "../../schemas/common";

const route = createRoute({
  method: "delete",
  path: "/projects/{projectId}/tiers/{tierId}",
  tags: ["Tiers and limits"],
  summary: "Delete a tier and its rules",
  description: "Refused (409) while active API keys are on the tier.",
  ...projectOwnerAccess(),
  request: { params: projectChildParams("tierId") },
  responses: { 204: { description: "Deleted." }, ...errorResponses(400, 401, 403, 404, 409) },
});

export function registerDeleteTier(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const db = c.var.db;
    const projectId = c.var.project.id;
    const tier = await findTier(db, projectId, c.req.valid("param").tierId);
    if (!tier) throw ApiError.notFound("No such tier.", "tier_not_found");
    const [key] = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(
        and(
          eq(apiKeys.projectId, projectId),
          eq(apiKeys.tier, tier.name),
          isNull(apiKeys.revokedAt),
        ),
      )
      .limit(1);
    if (key)
      throw conflict(
        "API keys are on this tier; move or revoke them first.",
        "tier_in_use",
        "tierId",
      );
    await commitChange(db, {
      statements: [db.delete(tiers).where(eq(tiers.id, tier.id))],
      audit: {
        projectId,
        actor: c.var.actor,
        action: "tier.delete",
        targetType: "tier",
        targetId: tier.id,
        requestId: c.var.requestId,
        diff: { before: tierView(tier) },
      },
      configOf: projectId,
    });
    return c.body(null, 204);
  });
}
