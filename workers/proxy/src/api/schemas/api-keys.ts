import { tierNameSchema } from "@floodgate/contracts";
import { z } from "@hono/zod-openapi";
import { displayNameSchema, epochMsSchema, identityFieldSchema, pageQueryFields } from "./common";

export const apiKeyStatusSchema = z.enum(["active", "blocked", "expired", "revoked"]);

export const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe("For display, e.g. `fg_4fQ9`."),
    tier: z.string(),
    identity: z
      .string()
      .describe("Whose limits the key's calls count against: the owner identity, else the key id."),
    status: apiKeyStatusSchema,
    expiresAt: epochMsSchema.nullable(),
    blockedAt: epochMsSchema.nullable(),
    revokedAt: epochMsSchema.nullable(),
    lastUsedAt: epochMsSchema.nullable().describe("Updated at most once a minute."),
    createdAt: epochMsSchema,
  })
  .openapi("ApiKey");

export const createdApiKeySchema = apiKeySchema
  .extend({
    key: z.string().describe("The full `fg_…` key: shown this once, only its SHA-256 is kept."),
  })
  .openapi("CreatedApiKey");

const expirySchema = z
  .union([epochMsSchema.min(0), z.iso.datetime({ offset: true })])
  .describe(
    "Epoch ms or an ISO date-time: in the future (up to a minute behind is taken, for clock skew) and at most 10 years ahead; otherwise a 400 with `param` `expiresAt`.",
  );

export const createApiKeySchema = z
  .object({
    name: displayNameSchema,
    tier: tierNameSchema.describe("One of the project's tiers."),
    identity: identityFieldSchema
      .optional()
      .describe("The owner identity; default: the key itself."),
    expiresAt: expirySchema.optional(),
  })
  .strict()
  .openapi("CreateApiKey");

export const updateApiKeySchema = z
  .object({
    name: displayNameSchema.optional(),
    tier: tierNameSchema.optional(),
    expiresAt: expirySchema.nullable().optional().describe("null: never expires."),
  })
  .strict()
  .openapi("UpdateApiKey");

export const listApiKeysQuerySchema = z.object({
  tier: tierNameSchema.optional(),
  status: apiKeyStatusSchema.optional(),
  identity: identityFieldSchema.optional(),
  ...pageQueryFields,
});
