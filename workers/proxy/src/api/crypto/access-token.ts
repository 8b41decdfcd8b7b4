import { errors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";

export const ACCESS_TOKEN_ISSUER = "floodgate";
export const ACCESS_TOKEN_AUDIENCE = "floodgate-api";
/** Lifetime of an access token, in seconds. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/** The claims of an access token, checked with zod after jose verified signature and times. */
export const accessTokenClaimsSchema = z.object({
  /** The user's id. */
  sub: z.string().min(1),
  /** The session: the refresh-token family the token was issued with. */
  sid: z.string().min(1),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;

export type AccessTokenCheck =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; reason: "expired" | "invalid" };

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function signAccessToken(
  secret: string,
  subject: { userId: string; sessionId: string },
  nowMs = Date.now(),
): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ sid: subject.sessionId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(subject.userId)
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
    .sign(keyOf(secret));
}

/** Verifies signature (HS256 only), `iss`, `aud` and `exp`; a value, never an exception. */
export async function verifyAccessToken(secret: string, token: string): Promise<AccessTokenCheck> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: ["HS256"],
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      requiredClaims: ["exp", "iat", "sub"],
      clockTolerance: 5,
    });
    const claims = accessTokenClaimsSchema.safeParse(payload);
    return claims.success ? { ok: true, claims: claims.data } : { ok: false, reason: "invalid" };
  } catch (err) {
    if (err instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
    return { ok: false, reason: "invalid" };
  }
}
