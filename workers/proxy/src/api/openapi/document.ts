import type { ApiApp } from "../api-env";
import { securitySchemes } from "./access";

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
      description:
        "Accounts, projects, keys, tiers and limit rules, identities, consumer API keys, usage and billing, admin and audit. Every error is the OpenAI-shaped envelope `{ error: { message, type, code, param, request_id } }`.",
    },
  });
  const paths: Record<string, unknown> = {};
  for (const [path, item] of Object.entries(generated.paths ?? {})) {
    paths[`${API_BASE_PATH}${path}`] = item;
  }
  const document = { ...generated, paths } as Document;
  cache.set(api, document);
  return document;
}
