import { providerKindSchema } from "@floodgate/contracts";
import { z } from "@hono/zod-openapi";
import { epochMsSchema } from "./common";

export const storedProviderSchema = providerKindSchema.exclude(["pool"]);

export const providerParamsSchema = z.object({
  projectId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "projectId", in: "path" } }),
  provider: storedProviderSchema.openapi({ param: { name: "provider", in: "path" } }),
});

export const providerKeyBodySchema = z
  .object({
    apiKey: z
      .string()
      .trim()
      .min(8, "must be at least 8 characters")
      .max(500)
      .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces"),
  })
  .openapi("ProviderKeyBody");

export const providerKeySchema = z
  .object({
    id: z.string(),
    provider: z.string(),
    last4: z.string(),
    createdAt: epochMsSchema,
  })
  .openapi("ProviderKey");

export const signingSecretSchema = z
  .object({
    id: z.string(),
    secret: z
      .string()
      .describe(
        "Shown this once. The HS256 key for identity tokens is the UTF-8 bytes of this string; tokens carry `aud` = the project id.",
      ),
    last4: z.string(),
    createdAt: epochMsSchema,
  })
  .openapi("SigningSecret");
