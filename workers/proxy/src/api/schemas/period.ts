import { z } from "@hono/zod-openapi";

/** Longest period a usage query may span: 400 days. */
export const MAX_PERIOD_MS = 400 * 86_400_000;

/** An instant in a query string: epoch ms or an ISO date(-time). */
export const instantSchema = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (!Number.isSafeInteger(ms)) {
      ctx.addIssue({ code: "custom", message: "must be epoch ms or an ISO date-time" });
      return z.NEVER;
    }
    return ms;
  })
  .openapi({ type: "string", example: "2026-11-01T00:00:00Z" });

/** Query fields of a period: `from` (inclusive) and `to` (exclusive). */
export const periodFields = {
  from: instantSchema.optional().describe("Inclusive; epoch ms or ISO. Default: `to` − 30 days."),
  to: instantSchema.optional().describe("Exclusive; epoch ms or ISO. Default: now."),
};

export const periodSchema = z
  .object({
    from: z.number().int().describe("Epoch ms, inclusive."),
    to: z.number().int().describe("Epoch ms, exclusive."),
  })
  .openapi("Period");
