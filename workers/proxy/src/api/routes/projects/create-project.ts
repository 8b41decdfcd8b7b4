import { createRoute } from "@hono/zod-openapi";
import type { ApiApp } from "../../api-env";
import { createProject, type IssuedKey, projectView } from "../../domain/projects";
import { conflict } from "../../http/api-errors";
import { userAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { createdProjectSchema, createProjectSchema } from "../../schemas/projects";

const route = createRoute({
  method: "post",
  path: "/projects",
  tags: ["Projects"],
  summary: "Create a project",
  description:
    "Also creates its first publishable (`pk_…`) and secret (`sk_…`) keys, shown this once.",
  ...userAccess(),
  request: { body: jsonBody(createProjectSchema) },
  responses: {
    201: json(createdProjectSchema, "The project and its keys."),
    ...errorResponses(400, 401, 403, 409),
  },
});

export function registerCreateProject(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const actor = { type: "user" as const, id: c.var.user.id, email: c.var.user.email };
    const result = await createProject(c.var.db, actor, c.req.valid("json"), c.var.requestId);
    if (!result.ok) throw conflict("This slug is taken.", "slug_taken", "slug");
    const key = (k: IssuedKey, kind: "publishable" | "secret") => ({
      id: k.id,
      kind,
      prefix: k.prefix,
      last4: k.last4,
      createdAt: k.createdAt,
      revokedAt: null,
      key: k.key,
    });
    return c.json(
      {
        project: projectView(result.project),
        publishableKey: key(result.publishableKey, "publishable"),
        secretKey: key(result.secretKey, "secret"),
      },
      201,
    );
  });
}
