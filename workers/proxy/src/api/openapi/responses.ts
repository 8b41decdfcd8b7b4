import { errorEnvelopeSchema } from "@floodgate/contracts";
import type { ZodType } from "zod";
import "@hono/zod-openapi";

/** The error envelope, as a named component of the OpenAPI document. */
export const errorSchema = errorEnvelopeSchema.openapi("Error");

const descriptions = {
  400: "Invalid request: `error.param` names the first bad field, `error.errors` lists them all.",
  401: "Missing, malformed, expired or revoked credentials.",
  403: "Authenticated, but not allowed to do this.",
  404: "No such resource, or it belongs to another tenant.",
  409: "Conflicts with existing data.",
  413: "The request body is over the API's size limit.",
  429: "Too many attempts; see `retry-after`.",
  500: "Server error or misconfigured deployment.",
} as const;

type ErrorStatus = keyof typeof descriptions;

/** Documented error answers, each in the one envelope. */
export function errorResponses<const S extends ErrorStatus>(...statuses: S[]) {
  const out = {} as Record<
    S,
    { description: string; content: { "application/json": { schema: typeof errorSchema } } }
  >;
  for (const status of statuses) {
    out[status] = {
      description: descriptions[status],
      content: { "application/json": { schema: errorSchema } },
    };
  }
  return out;
}

/** A JSON success answer. */
export function json<T extends ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A required JSON request body. */
export function jsonBody<T extends ZodType>(schema: T, description?: string) {
  return {
    required: true,
    ...(description === undefined ? {} : { description }),
    content: { "application/json": { schema } },
  };
}
