import { ApiError } from "@floodgate/contracts";
import { projectKeys } from "@floodgate/db";
import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { ApiApp } from "../../api-env";
import { commitChange } from "../../domain/commit";
import { projectKeyView } from "../../domain/project-keys";
import { projectOwnerAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { projectChildParams } from "../../schemas/common";
import { projectKeySchema } from "../../schemas/projects";

const route = createRoute({
  method: "post",
  path: "/projects/{projectId}/keys/{keyId}/revoke",
  tags: ["Keys"],
  summary: "Revoke a secret key",
  description: "Publishable keys are replaced by rotating them instead.",
  ...projectOwnerAccess(),
  request: { params: projectChildParams("keyId") },
  responses: {
    200: json(projectKeySchema, "The revoked key."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerRevokeSecretKey(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const db = c.var.db;
    const { keyId } = c.req.valid("param");
    const [key] = await db
      .select()
      .from(projectKeys)
      .where(and(eq(projectKeys.id, keyId), eq(projectKeys.projectId, c.var.project.id)));
    if (!key) throw ApiError.notFound("No such key.", "key_not_found");
    if (key.kind !== "secret") {
      throw ApiError.badRequest("Rotate the publishable key instead.", "keyId", "not_a_secret_key");
    }
    const revokedAt = key.revokedAt ?? Date.now();
    if (key.revokedAt === null) {
      await commitChange(db, {
        statements: [db.update(projectKeys).set({ revokedAt }).where(eq(projectKeys.id, key.id))],
        audit: {
          projectId: key.projectId,
          actor: c.var.actor,
          action: "secret_key.revoke",
          targetType: "project_key",
          targetId: key.id,
          requestId: c.var.requestId,
          diff: { after: { revokedAt } },
        },
        configOf: key.projectId,
      });
    }
    return c.json(projectKeyView({ ...key, revokedAt }), 200);
  });
}
