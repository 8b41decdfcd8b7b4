import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import {
  identityLimiter,
  identityRecord,
  limiterInputError,
  projectConfigOf,
  usageView,
} from "../../domain/identities";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { identityDetailSchema, identityParamsSchema } from "../../schemas/identities";
import { apiSecrets } from "../../secrets";
import { addressedIdentity, registerIdentityRoute } from "./identity-address";

const route = createRoute({
  method: "get",
  path: "/projects/{projectId}/identities/{identity}",
  tags: ["Identities"],
  summary: "An identity with its live usage",
  description:
    "Read from the identity's limiter: record, effective tier, and every applicable rule's usage.",
  ...projectBackendAccess(),
  request: { params: identityParamsSchema },
  responses: {
    200: json(identityDetailSchema, "The identity."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerGetIdentity(api: ApiApp): void {
  registerIdentityRoute(api, route, async (c) => {
    const identity = addressedIdentity(c);
    const config = await projectConfigOf(c.var.db, c.var.project.id, apiSecrets(c.env).MASTER_KEY);
    const described = await identityLimiter(c.env, config.id, identity).describe({
      projectId: config.id,
      identity,
      rules: config.rules,
      model: null,
      tier: {
        claimed: null,
        client: null,
        fallback: config.defaultTier,
        projectTiers: config.tiers,
      },
    });
    if (!described.ok) throw limiterInputError(described);
    return c.json(
      {
        ...identityRecord(described.identity),
        effectiveTier: described.effectiveTier,
        usage: usageView(described.usage),
      },
      200,
    );
  });
}
