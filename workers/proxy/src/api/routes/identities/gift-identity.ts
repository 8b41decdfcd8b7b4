import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { writeIdentity } from "../../domain/identity-writes";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { giftSchema, identityParamsSchema, identityRecordSchema } from "../../schemas/identities";
import { addressedIdentity, registerIdentityRoute } from "./identity-address";

const route = createRoute({
  method: "post",
  path: "/projects/{projectId}/identities/{identity}/gift",
  tags: ["Identities"],
  summary: "Gift requests and/or tokens",
  description: "Gifted credits are spent before the regular allowance; they add to any left.",
  ...projectBackendAccess(),
  request: { params: identityParamsSchema, body: jsonBody(giftSchema) },
  responses: {
    200: json(identityRecordSchema, "The identity's record."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerGiftIdentity(api: ApiApp): void {
  registerIdentityRoute(api, route, async (c) => {
    const identity = addressedIdentity(c);
    const gift = c.req.valid("json");
    const record = await writeIdentity(
      {
        env: c.env,
        db: c.var.db,
        project: c.var.project,
        actor: c.var.actor,
        requestId: c.var.requestId,
      },
      identity,
      "identity.gift",
      { after: gift },
      (limiter, owner) => limiter.gift({ ...owner, ...gift }),
    );
    return c.json(record, 200);
  });
}
