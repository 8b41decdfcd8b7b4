import { ApiError } from "@floodgate/contracts";
import { tiers } from "@floodgate/db";
import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { ApiApp } from "../../api-env";
import type { Statement } from "../../domain/batch";
import { commitChange } from "../../domain/commit";
import { diffOf } from "../../domain/redact";
import { clearDefaultTier, findTier, tierView } from "../../domain/tiers";
import { projectOwnerAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { projectChildParams } from "../../schemas/common";
import { tierSchema, updateTierSchema } from "../../schemas/tiers";

const route = createRoute({
  method: "patch",
  path: "/projects/{projectId}/tiers/{tierId}",
  tags: ["Tiers and limits"],
  summary: "Change a tier's description, default flag or position",
  ...projectOwnerAccess(),
  request: { params: projectChildParams("tierId"), body: jsonBody(updateTierSchema) },
  responses: {
    200: json(tierSchema, "The tier."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerUpdateTier(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const db = c.var.db;
    const projectId = c.var.project.id;
    const tier = await findTier(db, projectId, c.req.valid("param").tierId);
    if (!tier) throw ApiError.notFound("No such tier.", "tier_not_found");
    const input = c.req.valid("json");
    const after = {
      ...tier,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.isDefault !== undefined ? { isDefault: input.isDefault } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
      updatedAt: Date.now(),
    };
    const statements: Statement[] = [];
    if (after.isDefault && !tier.isDefault) statements.push(clearDefaultTier(db, projectId));
    statements.push(
      db
        .update(tiers)
        .set({
          description: after.description,
          isDefault: after.isDefault,
          position: after.position,
          updatedAt: after.updatedAt,
        })
        .where(eq(tiers.id, tier.id)),
    );
    await commitChange(db, {
      statements,
      audit: {
        projectId,
        actor: c.var.actor,
        action: "tier.update",
        targetType: "tier",
        targetId: tier.id,
        requestId: c.var.requestId,
        diff: diffOf(tierView(tier), tierView(after)),
      },
      configOf: projectId,
    });
    return c.json(tierView(after), 200);
  });
}
