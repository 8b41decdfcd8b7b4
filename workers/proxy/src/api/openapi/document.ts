import type { ApiApp } from "../api-env";
import { maxApiBodyBytes } from "../http/body-limit";
import { securitySchemes } from "./access";
import { errorResponses } from "./responses";

/** Where the management API is mounted; the document's paths include it. */
export const API_BASE_PATH = "/api";

type Document = ReturnType<ApiApp["getOpenAPI31Document"]>;

const cache = new WeakMap<ApiApp, Document>();

/** The OpenAPI 3.1 description of every `/api` route, generated from the zod route definitions. */
export function openApiDocument(api: ApiApp): Document {
  const cached = cache.get(api);
  if (cached) return cached;
  api.openAPIRegistry.registerComponent("securitySchemes", "userToken", securitySchemes.userToken);
  api.openAPIRegistry.registerComponent(
    "securitySchemes",
    "projectSecretKey",
    securitySchemes.projectSecretKey,
  );
  const generated = api.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "Floodgate management API",
      version: "1.0.0",
      description: `Accounts, projects, keys, tiers and limit rules, identities, consumer API keys, usage and billing, admin and audit. Every error is the OpenAI-shaped envelope \`{ error: { message, type, code, param, request_id } }\`. A request body may be at most ${maxApiBodyBytes} bytes (413 \`payload_too_large\`).`,
    },
  });
  const paths: Record<string, unknown> = {};
  for (const [path, item] of Object.entries(generated.paths ?? {})) {
    paths[`${API_BASE_PATH}${path}`] = withCommonErrors(item as Record<string, Operation>);
  }
  const document = { ...generated, paths } as Document;
  cache.set(api, document);
  return document;
}

interface Operation {
  requestBody?: unknown;
  responses?: Record<string, unknown>;
}

/**
 * Answers every operation may give whatever its own: 500 (a misconfigured deployment, or a
 * failure of D1 or a Durable Object; the envelope says nothing more), and 413 on every operation
 * that takes a body, since the body limit applies to all of them.
 */
function withCommonErrors(item: Record<string, Operation>): Record<string, Operation> {
  const out: Record<string, Operation> = {};
  for (const [method, operation] of Object.entries(item)) {
    out[method] = {
      ...operation,
      responses: {
        ...operation.responses,
        ...(operation.requestBody ? errorResponses(413) : {}),
        ...errorResponses(500),
      },
    };
  }
  return out;
}
