import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { anyProject } from "../../domain/admin";
import { assertTierExists, projectConfigOf } from "../../domain/identities";
import { writeIdentity } from "../../domain/identity-writes";
import { adminAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { setTierSchema } from "../../schemas/admin";
import { identityParamsSchema, identityRecordSchema } from "../../schemas/identities";
import { apiSecrets } from "../../secrets";
import { addressedIdentity, registerIdentityRoute } from "../identities/identity-address";

const route = createRoute({
  method: "put",
  path: "/admin/projects/{projectId}/identities/{identity}/tier",
  tags: ["Admin"],
  summary: "Change any identity's tier (platform admins only)",
  ...adminAccess(),
  request: { params: identityParamsSchema, body: jsonBody(setTierSchema) },
  responses: {
    200: json(identityRecordSchema, "The identity's record."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerAdminSetIdentityTier(api: ApiApp): void {
  registerIdentityRoute(api, route, async (c) => {
    const { projectId } = c.req.valid("param");
    const identity = addressedIdentity(c);
    const { tier } = c.req.valid("json");
    const project = await anyProject(c.var.db, projectId);
    assertTierExists(
      await projectConfigOf(c.var.db, project.id, apiSecrets(c.env).MASTER_KEY),
      tier,
    );
    const record = await writeIdentity(
      { env: c.env, db: c.var.db, project, actor: c.var.actor, requestId: c.var.requestId },
      identity,
      "identity.set_tier",
      { after: { tier } },
      (limiter, owner) => limiter.configure({ ...owner, tier }),
    );
    return c.json(record, 200);
  });
}
