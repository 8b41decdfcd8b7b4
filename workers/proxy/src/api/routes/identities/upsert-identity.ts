import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { assertTierExists, projectConfigOf } from "../../domain/identities";
import { upsertIdentity } from "../../domain/identity-writes";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import {
  identityParamsSchema,
  identityRecordSchema,
  upsertIdentitySchema,
} from "../../schemas/identities";
import { apiSecrets } from "../../secrets";
import { addressedIdentity, registerIdentityRoute } from "./identity-address";

const route = createRoute({
  method: "put",
  path: "/projects/{projectId}/identities/{identity}",
  tags: ["Identities"],
  summary: "Create or change an identity (tier, overrides, disabled)",
  description:
    "Applied by the identity's limiter at once (the next request is decided with it) and mirrored to D1. Omitted fields stay as they are.",
  ...projectBackendAccess(),
  request: { params: identityParamsSchema, body: jsonBody(upsertIdentitySchema) },
  responses: {
    200: json(identityRecordSchema, "The identity's record."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerUpsertIdentity(api: ApiApp): void {
  registerIdentityRoute(api, route, async (c) => {
    const identity = addressedIdentity(c);
    const input = c.req.valid("json");
    const config = await projectConfigOf(c.var.db, c.var.project.id, apiSecrets(c.env).MASTER_KEY);
    assertTierExists(config, input.tier);
    const record = await upsertIdentity(
      {
        env: c.env,
        db: c.var.db,
        project: c.var.project,
        actor: c.var.actor,
        requestId: c.var.requestId,
      },
      identity,
      input,
    );
    return c.json(record, 200);
  });
}
