import type { MiddlewareHandler } from "hono";
import { type AdminEnv, requireAdmin } from "../auth/require-admin";
import { type ProjectEnv, requireProject } from "../auth/require-project";
import { requireUser, type UserEnv } from "../auth/require-user";

/** Names of the security schemes in the OpenAPI document. */
export const securitySchemes = {
  userToken: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A dashboard user's access token from `POST /api/auth/login` (15 minutes).",
  },
  projectSecretKey: {
    type: "http",
    scheme: "bearer",
    description: "A project's secret key (`sk_…`), for app backends.",
  },
} as const;

/**
 * Who may call a route. Each helper gives both the middleware that enforces it and the
 * `security` the OpenAPI document states, so the two cannot drift apart; `x-floodgate-access`
 * names the policy for tests that walk the document.
 */
export function publicAccess() {
  return { security: [], "x-floodgate-access": "public" as const };
}

export function userAccess(): {
  security: { userToken: string[] }[];
  middleware: [MiddlewareHandler<UserEnv>];
  "x-floodgate-access": "user";
} {
  return {
    security: [{ userToken: [] }],
    middleware: [requireUser()],
    "x-floodgate-access": "user",
  };
}

/** The project's owner only (settings, keys, tiers, rules, audit). */
export function projectOwnerAccess(): {
  security: { userToken: string[] }[];
  middleware: [MiddlewareHandler<ProjectEnv>];
  "x-floodgate-access": "project-owner";
} {
  return {
    security: [{ userToken: [] }],
    middleware: [requireProject({ secretKey: false })],
    "x-floodgate-access": "project-owner",
  };
}

/** The owner, or the app's backend with the project's secret key (identities, API keys, usage). */
export function projectBackendAccess(): {
  security: ({ userToken: string[] } | { projectSecretKey: string[] })[];
  middleware: [MiddlewareHandler<ProjectEnv>];
  "x-floodgate-access": "project-backend";
} {
  return {
    security: [{ userToken: [] }, { projectSecretKey: [] }],
    middleware: [requireProject({ secretKey: true })],
    "x-floodgate-access": "project-backend",
  };
}

export function adminAccess(): {
  security: { userToken: string[] }[];
  middleware: [MiddlewareHandler<AdminEnv>];
  "x-floodgate-access": "admin";
} {
  return {
    security: [{ userToken: [] }],
    middleware: [requireAdmin()],
    "x-floodgate-access": "admin",
  };
}
