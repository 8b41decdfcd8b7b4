import type { User } from "@floodgate/db";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from "../crypto/access-token";
import type { IssuedRefreshToken } from "../domain/sessions";
import type { ApiSecrets } from "../secrets";

/** The body of a successful register, login or refresh. */
export async function sessionResponse(
  secrets: ApiSecrets,
  user: Pick<User, "id" | "email" | "createdAt">,
  refresh: IssuedRefreshToken,
) {
  return {
    tokenType: "Bearer" as const,
    accessToken: await signAccessToken(secrets.AUTH_JWT_SECRET, {
      userId: user.id,
      sessionId: refresh.familyId,
    }),
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    refreshToken: refresh.token,
    refreshTokenExpiresAt: refresh.expiresAt,
    user: userView(secrets, user),
  };
}

export function userView(secrets: ApiSecrets, user: Pick<User, "id" | "email" | "createdAt">) {
  return {
    id: user.id,
    email: user.email,
    isAdmin: secrets.ADMIN_EMAILS.includes(user.email),
    createdAt: user.createdAt,
  };
}
