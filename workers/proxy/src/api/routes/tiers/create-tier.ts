import { type Tier, tiers } from "@floodgate/db";
import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { newId } from "../../crypto/random-token";
import type { Statement } from "../../domain/batch";
import { commitChange } from "../../domain/commit";
import { clearDefaultTier, findTierByName, tierView } from "../../domain/tiers";
import { isUniqueViolation } from "../../domain/unique-violation";
import { conflict } from "../../http/api-errors";
import { projectOwnerAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { createTierSchema, tierSchema } from "../../schemas/tiers";

const route = createRoute({
  method: "post",
  path: "/projects/{projectId}/tiers",
  tags: ["Tiers and limits"],
  summary: "Create a tier",
  ...projectOwnerAccess(),
  request: { params: projectIdParamSchema, body: jsonBody(createTierSchema) },
  responses: {
    201: json(tierSchema, "The tier."),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export function registerCreateTier(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const db = c.var.db;
    const projectId = c.var.project.id;
    const input = c.req.valid("json");
    if (await findTierByName(db, projectId, input.name)) {
      throw conflict(`name: a tier named "${input.name}" exists`, "duplicate_tier", "name");
    }
    const now = Date.now();
    const tier: Tier = {
      id: newId("tier"),
      projectId,
      name: input.name,
      description: input.description ?? null,
      isDefault: input.isDefault ?? false,
      position: input.position ?? 0,
      createdAt: now,
      updatedAt: now,
    };
    const statements: Statement[] = [];
    if (tier.isDefault) statements.push(clearDefaultTier(db, projectId));
    statements.push(db.insert(tiers).values(tier));
    try {
      await commitChange(db, {
        statements,
        audit: {
          projectId,
          actor: c.var.actor,
          action: "tier.create",
          targetType: "tier",
          targetId: tier.id,
          requestId: c.var.requestId,
          diff: { after: tierView(tier) },
        },
        configOf: projectId,
      });
    } catch (err) {
      // Two creations raced past the check: the unique index decides.
      if (isUniqueViolation(err))
        throw conflict(`name: a tier named "${input.name}" exists`, "duplicate_tier", "name");
      throw err;
    }
    return c.json(tierView(tier), 201);
  });
}
