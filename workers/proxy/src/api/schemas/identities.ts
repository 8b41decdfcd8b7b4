import { tierNameSchema } from "@floodgate/contracts";
import { limitMetrics } from "@floodgate/db";
import { z } from "@hono/zod-openapi";
import { epochMsSchema, identityFieldSchema } from "./common";
import { overrideSchema, windowSchema } from "./limit-rules";

export const identityParamsSchema = z.object({
  projectId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "projectId", in: "path" } }),
  identity: identityFieldSchema.openapi({
    param: { name: "identity", in: "path" },
    description:
      "The app's user id, URL-encoded. `.` and `..` cannot stand in a path (URL parsers resolve them, even percent-encoded): address those with the `…/identity?identity=…` form of the operation.",
  }),
});

export const identityQuerySchema = z.object({
  identity: identityFieldSchema.openapi({
    param: { name: "identity", in: "query" },
    description: "The app's user id, URL-encoded as a query value; any identity, `.` and `..` too.",
  }),
});

export const identityRecordSchema = z
  .object({
    identity: z.string(),
    tier: z.string().nullable().describe("The record's tier; null: the project default."),
    disabled: z.boolean(),
    promoUntil: epochMsSchema.nullable(),
    gift: z.object({ requests: z.number().int(), tokens: z.number().int() }),
    overrides: z.array(overrideSchema),
    lastSeenAt: epochMsSchema.nullable(),
  })
  .openapi("IdentityRecord");

export const ruleUsageSchema = z
  .object({
    ruleId: z.string(),
    metric: z.enum(limitMetrics),
    window: windowSchema,
    limit: z.number().int().nullable(),
    used: z.number(),
    remaining: z.number().nullable(),
    resetAt: epochMsSchema,
  })
  .openapi("RuleUsage");

export const identityDetailSchema = identityRecordSchema
  .extend({
    effectiveTier: z.string().nullable(),
    usage: z.array(ruleUsageSchema).describe("Live, from the identity's limiter."),
  })
  .openapi("IdentityDetail");

export const identityListItemSchema = z
  .object({
    identity: z.string(),
    tier: z.string().nullable(),
    disabled: z.boolean(),
    promoUntil: epochMsSchema.nullable(),
    gift: z.object({ requests: z.number().int(), tokens: z.number().int() }),
    firstSeenAt: epochMsSchema,
    lastSeenAt: epochMsSchema,
    updatedAt: epochMsSchema,
  })
  .openapi("IdentityListItem");

export const listIdentitiesQuerySchema = z.object({
  tier: tierNameSchema.optional().describe("Only identities whose record names this tier."),
  search: z.string().min(1).max(256).optional().describe("Substring of the identity."),
  disabled: z.enum(["true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional().describe("`nextCursor` of the previous page."),
});

export const upsertIdentitySchema = z
  .object({
    tier: tierNameSchema.nullable().optional().describe("null clears it (project default)."),
    overrides: z
      .array(overrideSchema)
      .max(50)
      .optional()
      .describe("Identity-specific rules; they beat every tier and model rule. Replaces the list."),
    disabled: z.boolean().optional(),
  })
  .strict()
  .openapi("UpsertIdentity");

export const bulkUpsertSchema = z
  .object({
    identities: z
      .array(upsertIdentitySchema.extend({ identity: identityFieldSchema }))
      .min(1)
      .max(100),
  })
  .strict()
  .openapi("BulkUpsertIdentities");

export const giftSchema = z
  .object({
    requests: z.number().int().min(0).max(1_000_000_000).optional(),
    tokens: z.number().int().min(0).max(1_000_000_000_000).optional(),
    reason: z.string().trim().min(1).max(500).describe("Kept in the audit log."),
  })
  .strict()
  .refine((g) => (g.requests ?? 0) > 0 || (g.tokens ?? 0) > 0, {
    message: "a gift needs requests or tokens",
    path: ["requests"],
  })
  .openapi("Gift");

export const promoSchema = z
  .object({
    unlimitedUntil: z
      .union([epochMsSchema.min(0), z.iso.datetime({ offset: true })])
      .nullable()
      .describe(
        "The promo's end (it starts now), epoch ms or an ISO date-time: in the future (up to a minute behind is taken, for clock skew) and at most 10 years ahead; otherwise a 400 with `param` `unlimitedUntil`. null ends the promo.",
      ),
  })
  .strict()
  .openapi("Promo");

export const resetSchema = z
  .object({ metrics: z.array(z.enum(limitMetrics)).min(1).max(limitMetrics.length) })
  .strict()
  .openapi("Reset");
