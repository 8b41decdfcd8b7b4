import { createRoute, z } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { listIdentities } from "../../domain/identities";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { identityListItemSchema, listIdentitiesQuerySchema } from "../../schemas/identities";

const route = createRoute({
  method: "get",
  path: "/projects/{projectId}/identities",
  tags: ["Identities"],
  summary: "List identities",
  description:
    "From the D1 mirror of the limiters (written on every management change and with each usage flush), ordered by identity; filter by tier, disabled, or a substring.",
  ...projectBackendAccess(),
  request: { params: projectIdParamSchema, query: listIdentitiesQuerySchema },
  responses: {
    200: json(
      z.object({ identities: z.array(identityListItemSchema), nextCursor: z.string().nullable() }),
      "A page.",
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerListIdentities(api: ApiApp): void {
  api.openapi(route, async (c) =>
    c.json(await listIdentities(c.var.db, c.var.project.id, c.req.valid("query")), 200),
  );
}
