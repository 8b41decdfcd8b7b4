import { z } from "zod";

/** Printable characters only: no control characters (C0, DEL, C1). */
const printable = /^[^\p{Cc}]+$/u;

export const projectKeySchema = z
  .string({ error: "x-project-key header is required" })
  .regex(/^pk_[A-Za-z0-9_-]{2,128}$/, "x-project-key must look like pk_…");

export const identitySchema = z
  .string({ error: "x-identity header is required" })
  .min(1, "x-identity must not be empty")
  .max(256, "x-identity must be at most 256 characters")
  .regex(printable, "x-identity must contain printable characters only");

export const tierNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, "tier names use letters, digits, '_', '.', '-'");

/**
 * The headers a client sends with every proxied call. `x-identity` may instead come
 * from a signed identity token in `Authorization: Bearer …`, so it is optional here and the proxy
 * decides which source applies.
 */
export const floodgateHeadersSchema = z.object({
  "x-project-key": projectKeySchema,
  "x-identity": identitySchema.optional(),
  "x-tier": tierNameSchema.optional(),
  "x-session": identitySchema.optional(),
});
export type FloodgateHeaders = z.infer<typeof floodgateHeadersSchema>;
