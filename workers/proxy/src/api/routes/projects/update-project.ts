import { projects } from "@floodgate/db";
import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { ApiApp } from "../../api-env";
import { commitChange } from "../../domain/commit";
import { projectView, reloadProject } from "../../domain/projects";
import { diffOf } from "../../domain/redact";
import { isUniqueViolation } from "../../domain/unique-violation";
import { conflict, projectNotFound } from "../../http/api-errors";
import { fieldErrors, validationError } from "../../http/validation-hook";
import { projectOwnerAccess } from "../../openapi/access";
import { errorResponses, json, jsonBody } from "../../openapi/responses";
import { projectIdParamSchema } from "../../schemas/common";
import { projectSchema, settingsInputSchema, updateProjectSchema } from "../../schemas/projects";

const route = createRoute({
  method: "patch",
  path: "/projects/{projectId}",
  tags: ["Projects"],
  summary: "Change a project's name, slug, status or settings",
  description:
    "Settings are merged field by field into the current ones and validated as a whole (provider routes, time zone, messages, upgrade URL and deep link, signed-identity and client-tier policy, allowed origins, warning threshold, upstream timeout, gateway origin). The change reaches the hot path at once through the version stamp.",
  ...projectOwnerAccess(),
  request: { params: projectIdParamSchema, body: jsonBody(updateProjectSchema) },
  responses: {
    200: json(projectSchema, "The updated project."),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export function registerUpdateProject(api: ApiApp): void {
  api.openapi(route, async (c) => {
    const db = c.var.db;
    const project = c.var.project;
    const input = c.req.valid("json");
    const before = projectView(project);
    const set: Partial<typeof projects.$inferInsert> = {};
    if (input.name !== undefined) set.name = input.name;
    if (input.slug !== undefined) set.slug = input.slug;
    if (input.disabled !== undefined) set.disabled = input.disabled;
    if (input.settings !== undefined) {
      const merged: Record<string, unknown> = { ...before.settings };
      for (const [field, value] of Object.entries(input.settings)) {
        if (value === null) delete merged[field];
        else merged[field] = value;
      }
      const parsed = settingsInputSchema.safeParse(merged);
      if (!parsed.success) throw validationError(fieldErrors(parsed.error.issues, "settings"));
      set.settings = parsed.data as Record<string, unknown>;
    }
    if (Object.keys(set).length > 0) {
      try {
        await commitChange(db, {
          statements: [db.update(projects).set(set).where(eq(projects.id, project.id))],
          audit: {
            projectId: project.id,
            actor: c.var.actor,
            action: "project.update",
            targetType: "project",
            targetId: project.id,
            requestId: c.var.requestId,
            diff: diffOf(before, { ...before, ...set }),
          },
          configOf: project.id,
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict("This slug is taken.", "slug_taken", "slug");
        throw err;
      }
    }
    const after = await reloadProject(db, project.id);
    if (!after) throw projectNotFound();
    return c.json(projectView(after), 200);
  });
}
