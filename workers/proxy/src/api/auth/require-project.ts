import { ApiError } from "@floodgate/contracts";
import { type Project, projects } from "@floodgate/db";
import { and, eq } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../api-env";
import { projectNotFound } from "../http/api-errors";
import { bearerToken } from "../http/bearer";
import { apiSecrets } from "../secrets";
import type { Actor } from "./actor";
import { authenticateUser } from "./authenticate-user";
import { activeSecretKey } from "./secret-key";

export type ProjectEnv = ApiEnv & { Variables: { project: Project; actor: Actor } };

export interface ProjectAccessOptions {
  /** Whether the project's secret key (`sk_…`) may call the route, besides the owner. */
  secretKey: boolean;
}

/**
 * Routes under `/projects/{projectId}`: the caller must be the project's owner (access token) or,
 * where allowed, hold one of the project's active secret keys. Any other project answers 404,
 * whether it exists or not, so tenants learn nothing of each other.
 */
export function requireProject(options: ProjectAccessOptions): MiddlewareHandler<ProjectEnv> {
  return async function requireProjectMiddleware(c, next) {
    const projectId = c.req.param("projectId");
    const token = bearerToken(c.req.header("authorization"));
    if (projectId === undefined) throw ApiError.internal();
    if (token === null) {
      throw ApiError.unauthorized(
        "Send an access token or a secret key: Authorization: Bearer <token>.",
        "missing_credentials",
      );
    }
    const db = c.var.db;
    if (token.startsWith("sk_")) {
      const key = await activeSecretKey(db, token);
      if (!key) {
        throw ApiError.unauthorized("Unknown or revoked secret key.", "invalid_secret_key");
      }
      if (key.projectId !== projectId) throw projectNotFound();
      if (!options.secretKey) {
        throw ApiError.forbidden(
          "A secret key cannot do this; sign in as the project's owner.",
          "owner_token_required",
        );
      }
      const [project] = await db.select().from(projects).where(eq(projects.id, projectId));
      if (!project) throw projectNotFound();
      c.set("project", project);
      c.set("actor", { type: "secret_key", id: key.id });
      return next();
    }
    if (token.startsWith("pk_") || token.startsWith("fg_")) {
      throw ApiError.unauthorized(
        "Publishable and consumer keys cannot call the management API.",
        "invalid_credentials",
      );
    }
    const user = await authenticateUser(db, apiSecrets(c.env), token);
    const [project] = await db
      .select()
      .from(projects)
      .where(and(eq(projects.id, projectId), eq(projects.ownerId, user.id)));
    if (!project) throw projectNotFound();
    c.set("project", project);
    c.set("actor", { type: "user", id: user.id, email: user.email });
    return next();
  };
}
