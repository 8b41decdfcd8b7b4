import { projectSettingsSchema } from "@floodgate/contracts";
import { z } from "@hono/zod-openapi";
import { displayNameSchema, epochMsSchema } from "./common";

export const slugSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    "slugs use lower-case letters, digits and '-', 1–63 characters, no leading or trailing '-'",
  )
  .describe("URL-safe and globally unique: the `:projectSlug` of `/gw/:projectSlug/*`.");

export const settingsSchema = projectSettingsSchema.openapi("ProjectSettings");

export const projectSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    settings: settingsSchema,
    settingsErrors: z
      .array(z.object({ param: z.string(), message: z.string() }))
      .optional()
      .describe(
        "Present only when the stored settings no longer pass validation (a rule made stricter since they were saved): each problem, by field. `settings` then shows them as stored, the proxy answers the project's callers 503 `project_misconfigured`, and a change to the settings must fix them.",
      ),
    configVersion: z.number().int().describe("Bumped on every change the hot path caches."),
    disabled: z.boolean(),
    createdAt: epochMsSchema,
    updatedAt: epochMsSchema,
  })
  .openapi("Project");

/** Settings as a request gives them: a field it does not know is refused, not dropped. */
export const settingsInputSchema = projectSettingsSchema.strict();

export const createProjectSchema = z
  .object({
    name: displayNameSchema,
    slug: slugSchema.optional().describe("Default: derived from the name, plus a random suffix."),
    settings: settingsInputSchema.optional(),
  })
  .strict()
  .openapi("CreateProject");

export const updateProjectSchema = z
  .object({
    name: displayNameSchema.optional(),
    slug: slugSchema.optional(),
    disabled: z
      .boolean()
      .optional()
      .describe("A disabled project's keys are refused by the proxy."),
    settings: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        "Top-level ProjectSettings fields to replace; `null` resets a field to its default. The merged settings are validated as a whole.",
      ),
  })
  .strict()
  .openapi("UpdateProject");

export const keyKindSchema = z.enum(["publishable", "secret"]);

export const projectKeySchema = z
  .object({
    id: z.string(),
    kind: keyKindSchema,
    prefix: z.string(),
    last4: z.string(),
    createdAt: epochMsSchema,
    revokedAt: epochMsSchema.nullable(),
  })
  .openapi("ProjectKey");

export const createdProjectKeySchema = projectKeySchema
  .extend({ key: z.string().describe("The full key: shown this once, only its SHA-256 is kept.") })
  .openapi("CreatedProjectKey");

export const createdProjectSchema = z
  .object({
    project: projectSchema,
    publishableKey: createdProjectKeySchema,
    secretKey: createdProjectKeySchema,
  })
  .openapi("CreatedProject");
