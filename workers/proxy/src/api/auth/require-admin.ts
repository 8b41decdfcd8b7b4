import { ApiError } from "@floodgate/contracts";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../api-env";
import type { Actor, AuthUser } from "./actor";
import { userFromRequest } from "./require-user";

export type AdminEnv = ApiEnv & { Variables: { user: AuthUser; actor: Actor } };

/** Routes for platform admins: users whose e-mail is listed in `ADMIN_EMAILS`. */
export function requireAdmin(): MiddlewareHandler<AdminEnv> {
  return async function requireAdminMiddleware(c, next) {
    const user = await userFromRequest(c);
    if (!user.isAdmin) throw ApiError.forbidden("Only platform admins may do this.", "not_admin");
    c.set("user", user);
    c.set("actor", { type: "admin", id: user.id, email: user.email });
    await next();
  };
}
