import { z } from "zod";

/**
 * The `type` of an error, as OpenAI's SDKs read it. Each maps to one HTTP status family;
 * see {@link errorStatus}.
 */
export const errorTypeSchema = z.enum([
  "invalid_request_error",
  "authentication_error",
  "permission_error",
  "not_found_error",
  "conflict_error",
  "rate_limit_exceeded",
  "insufficient_quota",
  "upstream_error",
  "api_error",
]);
export type ErrorType = z.infer<typeof errorTypeSchema>;

/**
 * The one error envelope Floodgate answers with, everywhere. OpenAI-shaped, so the official
 * SDKs parse `message`, `type`, `code` and `param`; `request_id` ties it to the logs, and any
 * further fields (the rule that was hit on a 429, for instance) sit beside them.
 */
export const errorBodySchema = z
  .object({
    message: z.string(),
    type: errorTypeSchema,
    code: z.string().nullable(),
    param: z.string().nullable(),
    request_id: z.string().nullable(),
  })
  .catchall(z.unknown());
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const errorEnvelopeSchema = z.object({ error: errorBodySchema });
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
