import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { auditStatement } from "../../domain/audit";
import { runBatch } from "../../domain/batch";
import { identityLimiter } from "../../domain/identities";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses } from "../../openapi/responses";
import { identityParamsSchema } from "../../schemas/identities";
import { addressedIdentity, registerIdentityRoute } from "./identity-address";

const route = createRoute({
  method: "delete",
  path: "/projects/{projectId}/identities/{identity}",
  tags: ["Identities"],
  summary: "Forget an identity",
  description:
    "Erases its limiter state (counters, gifts, promo, overrides) and its D1 record. Usage history in the rollups stays.",
  ...projectBackendAccess(),
  request: { params: identityParamsSchema },
  responses: { 204: { description: "Forgotten." }, ...errorResponses(400, 401, 403, 404) },
});

export function registerDeleteIdentity(api: ApiApp): void {
  registerIdentityRoute(api, route, async (c) => {
    const identity = addressedIdentity(c);
    const project = c.var.project;
    await identityLimiter(c.env, project.id, identity).erase();
    await runBatch(c.var.db, [
      auditStatement(c.var.db, {
        projectId: project.id,
        actor: c.var.actor,
        action: "identity.delete",
        targetType: "identity",
        targetId: identity,
        requestId: c.var.requestId,
      }),
    ]);
    return c.body(null, 204);
  });
}
