import { modelPatternSchema, tierNameSchema } from "@floodgate/contracts";
import { calendarUnits, limitMetrics } from "@floodgate/db";
import {
  canonicalTimeZone,
  MAX_ROLLING_WINDOW_MS,
  MIN_ROLLING_WINDOW_MS,
} from "@floodgate/ratelimit";
import { z } from "@hono/zod-openapi";
import { epochMsSchema } from "./common";

export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => canonicalTimeZone(tz) !== null, "unknown IANA time zone");

export const windowSchema = z
  .discriminatedUnion("kind", [
    z
      .object({
        kind: z.literal("rolling"),
        durationMs: z
          .number()
          .int("must be a whole number of milliseconds")
          .min(MIN_ROLLING_WINDOW_MS, "must be at least 1 s (1000 ms)")
          .max(MAX_ROLLING_WINDOW_MS, "must be at most 31 days (2678400000 ms)"),
      })
      .strict(),
    z
      .object({
        kind: z.literal("calendar"),
        unit: z.enum(calendarUnits),
        timeZone: timeZoneSchema
          .optional()
          .describe("IANA zone; default: the project's time zone (itself UTC by default)."),
      })
      .strict(),
  ])
  .openapi("Window");

export const limitValueSchema = z
  .number()
  .int("must be a whole number")
  .min(0, "must not be negative")
  .max(Number.MAX_SAFE_INTEGER)
  .nullable()
  .describe("In units of the metric (micro-USD for cost_micro_usd); null = unlimited.");

/** A rule's body, without its scope's tier (identity overrides have none). */
export const ruleBodySchema = z.object({
  modelPattern: modelPatternSchema
    .nullable()
    .optional()
    .describe("Glob on the model, e.g. `gpt-4*`; null or omitted: every model."),
  metric: z.enum(limitMetrics),
  window: windowSchema,
  limit: limitValueSchema,
});

export const createRuleSchema = ruleBodySchema
  .extend({
    tier: tierNameSchema
      .nullable()
      .optional()
      .describe(
        "Name of one of the project's tiers; null or omitted: every tier (project default).",
      ),
  })
  .strict()
  .openapi("CreateLimitRule");

export const updateRuleSchema = createRuleSchema
  .partial()
  .strict()
  .describe("Fields to change; the result is validated as a whole.")
  .openapi("UpdateLimitRule");

export const overrideSchema = ruleBodySchema.strict().openapi("IdentityOverride");

export const ruleSchema = z
  .object({
    id: z.string(),
    tier: z.string().nullable(),
    modelPattern: z.string().nullable(),
    metric: z.enum(limitMetrics),
    window: windowSchema,
    limit: z.number().int().nullable(),
    createdAt: epochMsSchema,
    updatedAt: epochMsSchema,
  })
  .openapi("LimitRule");

export type RuleInput = z.infer<typeof createRuleSchema>;
export type RuleBody = z.infer<typeof ruleBodySchema>;
