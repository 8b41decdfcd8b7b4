import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { futureDateMs } from "../../domain/future-date";
import { writeIdentity } from "../../domain/identity-writes";
import { projectBackendAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { identityParamsSchema, identityRecordSchema, promoSchema } from "../../schemas/identities";
import { addressedIdentity, registerIdentityRoute } from "./identity-address";

const route = createRoute({
  method: "post",
  path: "/projects/{projectId}/identities/{identity}/promo",
  tags: ["Identities"],
  summary: "Start or end a promo (unlimited until a date)",
  description: "Requests are admitted whatever the limits until then; usage is still counted.",
  ...projectBackendAccess(),
  request: { params: identityParamsSchema, body: jsonBody(promoSchema) },
  responses: {
    200: json(identityRecordSchema, "The identity's record."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerPromoIdentity(api: ApiApp): void {
  registerIdentityRoute(api, route, async (c) => {
    const identity = addressedIdentity(c);
    const { unlimitedUntil } = c.req.valid("json");
    const untilMs = unlimitedUntil === null ? null : futureDateMs(unlimitedUntil, "unlimitedUntil");
    const record = await writeIdentity(
      {
        env: c.env,
        db: c.var.db,
        project: c.var.project,
        actor: c.var.actor,
        requestId: c.var.requestId,
      },
      identity,
      "identity.promo",
      { after: { promoUntil: untilMs } },
      (limiter, owner) => limiter.promo({ ...owner, unlimitedUntil: untilMs }),
    );
    return c.json(record, 200);
  });
}
