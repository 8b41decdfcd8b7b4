import { identityLikeSchema } from "@floodgate/contracts";
import { z } from "@hono/zod-openapi";

/** Epoch milliseconds. */
export const epochMsSchema = z.number().int().describe("Epoch milliseconds.");

/** `limit` and `cursor` of a paged list whose answer carries `nextCursor`. */
export const pageQueryFields = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe("`nextCursor` of the previous page."),
};

export const projectIdParamSchema = z.object({
  projectId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "projectId", in: "path" }, example: "prj_3f9a…" }),
});

/** A path parameter named `name`, added to the project id. */
export function projectChildParams<const N extends string>(name: N) {
  return projectIdParamSchema.extend({
    [name]: z
      .string()
      .min(1)
      .max(300)
      .openapi({ param: { name, in: "path" } }),
  } as { [K in N]: z.ZodString });
}

/**
 * An identity in a path, query or body. The contracts' regex carries the `u` flag, which the
 * OpenAPI generator would append to the pattern; the document states it plainly instead.
 */
export const identityFieldSchema = identityLikeSchema("identity").openapi({
  pattern: "^[^\\p{Cc}]+$",
});

/**
 * A display name (a project, an API key): 1–100 characters once trimmed, none of them a control
 * character (NUL, line breaks, escapes), which no list or log should have to show.
 */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]+$/u, "must not contain control characters")
  .openapi({ pattern: "^[^\\p{Cc}]+$" });
