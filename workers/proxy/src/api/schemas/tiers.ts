import { tierNameSchema } from "@floodgate/contracts";
import { z } from "@hono/zod-openapi";
import { epochMsSchema } from "./common";

export const tierSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    isDefault: z.boolean(),
    position: z.number().int(),
    createdAt: epochMsSchema,
    updatedAt: epochMsSchema,
  })
  .openapi("Tier");

const descriptionSchema = z.string().trim().max(500).nullable();
const positionSchema = z.number().int().min(0).max(10_000).describe("Display order, ascending.");

export const createTierSchema = z
  .object({
    name: tierNameSchema.describe("What `x-tier`, identity tokens, identities and API keys name."),
    description: descriptionSchema.optional(),
    isDefault: z
      .boolean()
      .optional()
      .describe("The tier when nothing else names one; at most one per project. Default false."),
    position: positionSchema.optional(),
  })
  .strict()
  .openapi("CreateTier");

export const updateTierSchema = z
  .object({
    description: descriptionSchema.optional(),
    isDefault: z.boolean().optional(),
    position: positionSchema.optional(),
  })
  .strict()
  .describe("A tier's name cannot change: identities, tokens and API keys refer to it.")
  .openapi("UpdateTier");
