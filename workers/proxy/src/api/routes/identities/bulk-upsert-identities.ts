import { ApiError } from "@floodgate/contracts";
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { assertTierExists, projectConfigOf } from "../../domain/identities";
import { upsertIdentity } from "../../domain/identity-writes";
import { mapLimited } from "../../domain/map-limited";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { bulkUpsertSchema, identityRecordSchema } from "../../schemas/identities";
import { apiSecrets } from "../../secrets";

/** Limiters called at once; the rest wait their turn. */
const CONCURRENCY = 10;

const route = createRoute({
  method: "post",
  path: "/projects/{projectId}/identities/bulk",
  tags: ["Identities"],
  summary: "Create or change up to 100 identities",
  description:
    "Each item is applied like `PUT …/identities/{identity}`. The whole request is validated first (unknown tiers, duplicates), so a bad item changes nothing.",
  ...projectBackendAccess(),
  request: { params: projectIdParamSchema, body: jsonBody(bulkUpsertSchema) },
  responses: {
    200: json(
      z.object({ identities: z.array(identityRecordSchema) }),
      "The records, in request order.",
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerBulkUpsertIdentities(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const items = c.req.valid("json").identities;
    const config = await projectConfigOf(c.var.db, c.var.project.id, apiSecrets(c.env).MASTER_KEY);
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.identity)) {
        throw ApiError.badRequest(
          `identities.${i}.identity: listed twice`,
          `identities.${i}.identity`,
        );
      }
      seen.add(item.identity);
      assertTierExists(config, item.tier, `identities.${i}.tier`);
    });
    const ctx = {
      env: c.env,
      db: c.var.db,
      project: c.var.project,
      actor: c.var.actor,
      requestId: c.var.requestId,
    };
    const records = await mapLimited(items, CONCURRENCY, ({ identity, ...input }) =>
      upsertIdentity(ctx, identity, input),
    );
    return c.json({ identities: records }, 200);
  });
}
