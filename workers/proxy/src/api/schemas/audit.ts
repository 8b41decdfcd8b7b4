import { auditActorTypes } from "@floodgate/db";
import { z } from "@hono/zod-openapi";
import { epochMsSchema, pageQueryFields } from "./common";
import { periodFields } from "./period";

export const auditEntrySchema = z
  .object({
    id: z.string(),
    projectId: z.string().nullable(),
    actorType: z.enum(auditActorTypes),
    actorId: z.string(),
    action: z.string().describe("`<target>.<verb>`, e.g. `tier.update`."),
    targetType: z.string(),
    targetId: z.string(),
    requestId: z.string().nullable(),
    diff: z.unknown().describe("Before/after of what changed; secrets are never included."),
    createdAt: epochMsSchema,
  })
  .openapi("AuditEntry");

export const auditQuerySchema = z.object({
  ...periodFields,
  action: z
    .string()
    .max(100)
    .optional()
    .describe("Exact action, or a prefix ending in `.` (e.g. `tier.`)."),
  actorId: z.string().max(200).optional(),
  targetType: z.string().max(100).optional(),
  targetId: z.string().max(300).optional(),
  ...pageQueryFields,
});

export const adminAuditQuerySchema = auditQuerySchema.extend({
  projectId: z.string().max(100).optional(),
});

export const auditPageSchema = z
  .object({ entries: z.array(auditEntrySchema), nextCursor: z.string().nullable() })
  .openapi("AuditPage");
