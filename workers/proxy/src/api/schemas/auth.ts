import { z } from "@hono/zod-openapi";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("must be an e-mail address").max(254));

export const passwordSchema = z
  .string()
  .min(10, "must be at least 10 characters")
  .max(200, "must be at most 200 characters");

export const credentialsSchema = z
  .object({ email: emailSchema, password: passwordSchema })
  .openapi("Credentials");

export const loginSchema = z
  .object({ email: emailSchema, password: z.string().min(1).max(200) })
  .openapi("Login");

export const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1).max(200),
    newPassword: passwordSchema,
  })
  .strict()
  .openapi("PasswordChange");

export const refreshTokenBodySchema = z
  .object({ refreshToken: z.string().min(1).max(200) })
  .openapi("RefreshTokenBody");

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    isAdmin: z.boolean(),
    /** Epoch ms. */
    createdAt: z.number().int(),
  })
  .openapi("User");

export const sessionSchema = z
  .object({
    tokenType: z.literal("Bearer"),
    accessToken: z.string().describe("JWT (HS256) for `Authorization: Bearer …`."),
    /** Seconds. */
    expiresIn: z.number().int().describe("Seconds until the access token expires."),
    refreshToken: z
      .string()
      .describe("Opaque; shown once. Trade it at /api/auth/refresh; it rotates on every use."),
    refreshTokenExpiresAt: z.number().int().describe("Epoch ms."),
    user: userSchema,
  })
  .openapi("Session");
