import { ApiError } from "@floodgate/contracts";
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { assertTierExists, overridesToRules, projectConfigOf } from "../../domain/identities";
import { writeIdentity } from "../../domain/identity-writes";
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
    const records: Awaited<ReturnType<typeof writeIdentity>>[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const index = next++;
        const { identity, ...input } = items[index] as (typeof items)[number];
        records[index] = await writeIdentity(
          ctx,
          identity,
          "identity.upsert",
          { after: input },
          async (limiter, owner) => {
            const configured = await limiter.configure({
              ...owner,
              ...(input.tier !== undefined ? { tier: input.tier } : {}),
              ...(input.overrides !== undefined
                ? { overrides: overridesToRules(input.overrides) }
                : {}),
            });
            if (!configured.ok || input.disabled === undefined) return configured;
            return limiter.setDisabled({ ...owner, disabled: input.disabled });
          },
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
    return c.json({ identities: records }, 200);
  });
}
