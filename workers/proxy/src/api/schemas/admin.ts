import { tierNameSchema } from "@floodgate/contracts";
import { z } from "@hono/zod-openapi";
import { epochMsSchema } from "./common";

export const adminUserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    isAdmin: z.boolean(),
    projects: z.number().int(),
    createdAt: epochMsSchema,
  })
  .openapi("AdminUser");

export const adminProjectSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    ownerId: z.string(),
    ownerEmail: z.string(),
    disabled: z.boolean(),
    configVersion: z.number().int(),
    createdAt: epochMsSchema,
  })
  .openapi("AdminProject");

export const adminListQuerySchema = z.object({
  search: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("Substring of the e-mail (users) or name/slug (projects)."),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe("`nextCursor` of the previous page."),
});

export const setTierSchema = z
  .object({
    tier: tierNameSchema.nullable().describe("null clears an identity's tier (project default)."),
  })
  .strict()
  .openapi("SetTier");

export const setKeyTierSchema = z
  .object({ tier: tierNameSchema })
  .strict()
  .openapi("SetApiKeyTier");
