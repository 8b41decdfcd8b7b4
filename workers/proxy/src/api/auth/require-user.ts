import { ApiError } from "@floodgate/contracts";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../api-env";
import { bearerToken } from "../http/bearer";
import { apiSecrets } from "../secrets";
import type { AuthUser } from "./actor";
import { authenticateUser } from "./authenticate-user";
import { activeSecretKey } from "./secret-key";

export type UserEnv = ApiEnv & { Variables: { user: AuthUser } };

/** Reads the user's access token (`Authorization: Bearer …`) into the context, else 401. */
export async function userFromRequest(c: {
  env: Env;
  var: ApiEnv["Variables"];
  req: { header(name: string): string | undefined };
}): Promise<AuthUser> {
  const token = bearerToken(c.req.header("authorization"));
  if (token === null) {
    throw ApiError.unauthorized(
      "Send an access token: Authorization: Bearer <token>.",
      "missing_credentials",
    );
  }
  if (await activeSecretKey(c.var.db, token)) {
    throw ApiError.forbidden(
      "A secret key cannot do this; sign in as a user.",
      "user_token_required",
    );
  }
  return authenticateUser(c.var.db, apiSecrets(c.env), token);
}

/** Routes for a signed-in dashboard user. */
export function requireUser(): MiddlewareHandler<UserEnv> {
  return async function requireUserMiddleware(c, next) {
    c.set("user", await userFromRequest(c));
    await next();
  };
}
