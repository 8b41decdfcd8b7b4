import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { writeIdentity } from "../../domain/identity-writes";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { identityParamsSchema, identityRecordSchema } from "../../schemas/identities";
import { addressedIdentity, registerIdentityRoute } from "./identity-address";

const route = createRoute({
  method: "post",
  path: "/projects/{projectId}/identities/{identity}/disable",
  tags: ["Identities"],
  summary: "Disable an identity",
  description: "Every request of the identity is denied (403) from the next one on.",
  ...projectBackendAccess(),
  request: { params: identityParamsSchema },
  responses: {
    200: json(identityRecordSchema, "The identity's record."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerDisableIdentity(api: ApiApp): void {
  registerIdentityRoute(api, route, async (c) => {
    const identity = addressedIdentity(c);
    const record = await writeIdentity(
      {
        env: c.env,
        db: c.var.db,
        project: c.var.project,
        actor: c.var.actor,
        requestId: c.var.requestId,
      },
      identity,
      "identity.disable",
      { after: { disabled: true } },
      (limiter, owner) => limiter.setDisabled({ ...owner, disabled: true }),
    );
    return c.json(record, 200);
  });
}
