import { modelPatternSchema, modelPriceSchema } from "@floodgate/contracts";
import { LATENCY_BUCKET_BOUNDS_MS } from "@floodgate/metering";
import { z } from "@hono/zod-openapi";
import { usageOrders } from "../domain/usage";
import { identityFieldSchema } from "./common";
import { instantSchema, periodFields, periodSchema } from "./period";

export const usageTotalsSchema = z
  .object({
    requests: z.number().int().describe("Admitted requests."),
    denied: z.number().int().describe("Denied requests (they consumed nothing)."),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    tokens: z.number().int(),
    costMicroUsd: z.number().int(),
  })
  .openapi("UsageTotals");

const identityFilter = identityFieldSchema.optional().describe("Only this identity.");

export const summaryQuerySchema = z.object({ ...periodFields, identity: identityFilter });

export const summarySchema = z
  .object({
    period: periodSchema,
    totals: usageTotalsSchema,
    identities: z.number().int().describe("Distinct identities with usage."),
    models: z.number().int().describe("Distinct models used."),
  })
  .openapi("UsageSummary");

export const byIdentityQuerySchema = z.object({
  ...periodFields,
  limit: z.coerce.number().int().min(1).max(1000).default(10).describe("Top N. Default 10."),
  orderBy: z.enum(usageOrders).default("requests"),
});

export const byIdentitySchema = z
  .object({
    period: periodSchema,
    identities: z.array(usageTotalsSchema.extend({ identity: z.string() })),
  })
  .openapi("UsageByIdentity");

export const byModelQuerySchema = z.object({ ...periodFields, identity: identityFilter });

export const byModelSchema = z
  .object({
    period: periodSchema,
    models: z.array(usageTotalsSchema.extend({ model: z.string() })),
  })
  .openapi("UsageByModel");

export const timeseriesQuerySchema = z.object({
  ...periodFields,
  identity: identityFilter,
  model: z.string().max(200).optional().describe("Only this model (empty = requests without one)."),
  bucket: z.enum(["hour", "day"]).default("day").describe("UTC hours or days."),
});

export const metricsQuerySchema = z.object({ ...periodFields });

export const timeseriesSchema = z
  .object({
    period: periodSchema,
    bucket: z.enum(["hour", "day"]),
    points: z.array(usageTotalsSchema.extend({ start: z.number().int().describe("Epoch ms.") })),
  })
  .openapi("UsageTimeseries");

export const statementBodySchema = z
  .object({
    from: z.union([z.number().int().min(0), instantSchema]).describe("Inclusive; epoch ms or ISO."),
    to: z.union([z.number().int().min(0), instantSchema]).describe("Exclusive; epoch ms or ISO."),
    identity: identityFieldSchema
      .optional()
      .describe("Bill one identity (a customer); default: the whole project."),
    requestUnitPriceMicroUsd: z
      .number()
      .int()
      .min(0)
      .max(1_000_000_000)
      .default(0)
      .describe("Charged per admitted request. Default 0."),
    modelPrices: z
      .record(modelPatternSchema, modelPriceSchema)
      .default({})
      .describe("Token prices by model glob, checked before the project's `settings.prices`."),
  })
  .strict()
  .openapi("StatementRequest");

export const statementSchema = z
  .object({
    period: periodSchema,
    identity: z.string().nullable(),
    currency: z.literal("USD"),
    lineItems: z.array(
      z.object({
        model: z.string(),
        requests: z.number().int(),
        inputTokens: z.number().int(),
        outputTokens: z.number().int(),
        requestUnitPriceMicroUsd: z.number().int(),
        inputMicroUsdPerMTok: z.number().int().nullable(),
        outputMicroUsdPerMTok: z.number().int().nullable(),
        priceSource: z.enum(["request", "project"]).nullable(),
        requestChargeMicroUsd: z.number().int(),
        inputChargeMicroUsd: z.number().int(),
        outputChargeMicroUsd: z.number().int(),
        totalMicroUsd: z.number().int(),
      }),
    ),
    totalMicroUsd: z.number().int(),
    totalUsd: z.string().describe("The total in dollars, 6 decimals."),
  })
  .openapi("BillingStatement");

const latencyPercentileSchema = z
  .number()
  .int()
  .nullable()
  .describe("Upper bound of the bucket holding the percentile, ms; null without samples.");

export const metricsSchema = z
  .object({
    period: periodSchema,
    counters: z.object({
      requests: z.number().int().describe("Decided requests: allowed + denied."),
      allowed: z
        .number()
        .int()
        .describe("Admitted requests that were counted (refunded ones are not)."),
      denied: z.number().int(),
      upstreamErrors: z
        .number()
        .int()
        .describe(
          "Admitted requests whose upstream timed out, was unreachable or answered 5xx (not 4xx). " +
            "On `/v1` they are refunded, so not in `allowed`; the gateway passes an origin's 5xx " +
            "on and counts it in `allowed` too.",
        ),
    }),
    deniedRate: z.number().describe("denied / requests; 0 without requests."),
    latencyMs: z
      .object({
        p50: latencyPercentileSchema,
        p90: latencyPercentileSchema,
        p99: latencyPercentileSchema,
      })
      .describe(
        "Upstream latency percentiles, ms: from the request's arrival to the upstream's response " +
          "head (a timeout counts as the wait it cost; an unreachable upstream has none). From an " +
          `hourly histogram with buckets ≤ ${LATENCY_BUCKET_BOUNDS_MS.join(", ")} ms: each value ` +
          "is the upper bound of the bucket holding the percentile (nearest rank), so p99 = 250 " +
          "means at least 99% took ≤ 250 ms.",
      ),
  })
  .openapi("UsageMetrics");
