import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { writeIdentity } from "../../domain/identity-writes";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { identityParamsSchema, identityRecordSchema, resetSchema } from "../../schemas/identities";
import { addressedIdentity, registerIdentityRoute } from "./identity-address";

const route = createRoute({
  method: "post",
  path: "/projects/{projectId}/identities/{identity}/reset",
  tags: ["Identities"],
  summary: "Reset the current period of some metrics (e.g. after a payment)",
  ...projectBackendAccess(),
  request: { params: identityParamsSchema, body: jsonBody(resetSchema) },
  responses: {
    200: json(identityRecordSchema, "The identity's record."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerResetIdentity(api: ApiApp): void {
  registerIdentityRoute(api, route, async (c) => {
    const identity = addressedIdentity(c);
    const metrics = [...new Set(c.req.valid("json").metrics)];
    const record = await writeIdentity(
      {
        env: c.env,
        db: c.var.db,
        project: c.var.project,
        actor: c.var.actor,
        requestId: c.var.requestId,
      },
      identity,
      "identity.reset",
      { after: { metrics } },
      (limiter, owner) => limiter.reset({ ...owner, metrics }),
    );
    return c.json(record, 200);
  });
}
