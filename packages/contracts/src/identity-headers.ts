import { z } from "zod";

/** Printable characters only: no control characters (C0, DEL, C1). */
const printable = /^[^\p{Cc}]+$/u;

export const projectKeySchema = z
  .string({ error: "x-project-key header is required" })
  .regex(/^pk_[A-Za-z0-9_-]{2,128}$/, "x-project-key must look like pk_…");

/** An identity (or session id): 1–256 printable characters; errors name `subject`. */
export function identityLikeSchema(subject: string, missing = `${subject} is required`) {
  return z
    .string({ error: missing })
    .min(1, `${subject} must not be empty`)
    .max(256, `${subject} must be at most 256 characters`)
    .regex(printable, `${subject} must contain printable characters only`);
}

export const identitySchema = identityLikeSchema("x-identity", "x-identity header is required");
/** `x-session`: an identity-like id of the app's session. */
export const sessionSchema = identityLikeSchema("x-session", "x-session header is required");

/** 1–64 letters, digits, `_`, `.`, `-`; errors name `subject`. */
function tierNameLike(subject: string) {
  return z
    .string()
    .min(1, `${subject} must not be empty`)
    .max(64, `${subject} must be at most 64 characters`)
    .regex(/^[A-Za-z0-9_.-]+$/, `${subject} uses letters, digits, '_', '.', '-' only`);
}

export const tierNameSchema = tierNameLike("a tier name");

/**
 * The headers a client sends with every proxied call. `x-identity` may instead come
 * from a signed identity token in `Authorization: Bearer …`, so it is optional here and the proxy
 * decides which source applies.
 */
export const floodgateHeadersSchema = z.object({
  "x-project-key": projectKeySchema,
  "x-identity": identitySchema.optional(),
  "x-tier": tierNameLike("x-tier").optional(),
  "x-session": sessionSchema.optional(),
});
export type FloodgateHeaders = z.infer<typeof floodgateHeadersSchema>;
