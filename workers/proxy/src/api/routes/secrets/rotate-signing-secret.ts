import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { randomBase62 } from "../../crypto/random-token";
import { storeSecret } from "../../domain/project-secrets";
import { projectOwnerAccess } from "../../openapi/access";
import { errorResponses, json } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { signingSecretSchema } from "../../schemas/secrets";
import { apiSecrets } from "../../secrets";

const route = createRoute({
  method: "post",
  path: "/projects/{projectId}/signing-secret/rotate",
  tags: ["Keys"],
  summary: "Create or rotate the identity-token signing secret",
  description:
    "The app backend signs identity tokens (HS256, `sub` = identity, optional `tier`, `aud` = project id) with it. Shown once; the previous secret stops verifying at once.",
  ...projectOwnerAccess(),
  request: { params: projectIdParamSchema },
  responses: {
    201: json(signingSecretSchema, "The new secret."),
    ...errorResponses(401, 403, 404),
  },
});

export function registerRotateSigningSecret(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const secret = `fgss_${randomBase62(32)}`;
    const row = await storeSecret(c.var.db, {
      masterKey: apiSecrets(c.env).MASTER_KEY,
      projectId: c.var.project.id,
      kind: "identity_signing_secret",
      provider: null,
      plaintext: secret,
      actor: c.var.actor,
      requestId: c.var.requestId,
    });
    return c.json({ id: row.id, secret, last4: row.last4, createdAt: row.createdAt }, 201);
  });
}
