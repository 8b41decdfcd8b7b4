import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { storeSecret } from "../../domain/project-secrets";
import { projectOwnerAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import {
  providerKeyBodySchema,
  providerKeySchema,
  providerParamsSchema,
} from "../../schemas/secrets";
import { apiSecrets } from "../../secrets";

const route = createRoute({
  method: "put",
  path: "/projects/{projectId}/provider-keys/{provider}",
  tags: ["Provider keys"],
  summary: "Store a provider's API key (write-only)",
  description:
    "Encrypted at rest with AES-256-GCM under the master key; replaces the provider's previous key. It can never be read back: lists show the provider and last 4 characters.",
  ...projectOwnerAccess(),
  request: { params: providerParamsSchema, body: jsonBody(providerKeyBodySchema) },
  responses: {
    201: json(providerKeySchema, "Stored."),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerPutProviderKey(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const row = await storeSecret(c.var.db, {
      masterKey: apiSecrets(c.env).MASTER_KEY,
      projectId: c.var.project.id,
      kind: "provider_key",
      provider: c.req.valid("param").provider,
      plaintext: c.req.valid("json").apiKey,
      actor: c.var.actor,
      requestId: c.var.requestId,
    });
    return c.json(
      { id: row.id, provider: row.provider ?? "", last4: row.last4, createdAt: row.createdAt },
      201,
    );
  });
}
