import { ApiError } from "@floodgate/contracts";
import { type Db, refreshTokens, users } from "@floodgate/db";
import { and, eq, gt, isNull } from "drizzle-orm";
import { verifyAccessToken } from "../crypto/access-token";
import { sessionEnded } from "../http/api-errors";
import type { ApiSecrets } from "../secrets";
import type { AuthUser } from "./actor";

/**
 * Checks an access token and that its session is still alive: signed by us (HS256), right
 * issuer and audience, not expired, and its refresh-token family neither logged out nor revoked
 * for reuse. One D1 query. Throws a 401 `ApiError` otherwise.
 */
export async function authenticateUser(
  db: Db,
  secrets: ApiSecrets,
  token: string,
  nowMs = Date.now(),
): Promise<AuthUser> {
  const check = await verifyAccessToken(secrets.AUTH_JWT_SECRET, token);
  if (!check.ok) {
    throw check.reason === "expired"
      ? ApiError.unauthorized("The access token has expired.", "token_expired")
      : ApiError.unauthorized("The access token is not valid.", "invalid_token");
  }
  const [row] = await db
    .select({ id: users.id, email: users.email })
    .from(refreshTokens)
    .innerJoin(users, eq(users.id, refreshTokens.userId))
    .where(
      and(
        eq(refreshTokens.familyId, check.claims.sid),
        eq(refreshTokens.userId, check.claims.sub),
        isNull(refreshTokens.revokedAt),
        gt(refreshTokens.expiresAt, nowMs),
      ),
    )
    .limit(1);
  if (!row) throw sessionEnded();
  return {
    id: row.id,
    email: row.email,
    sessionId: check.claims.sid,
    isAdmin: secrets.ADMIN_EMAILS.includes(row.email),
  };
}
