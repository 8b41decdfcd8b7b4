import { identityLikeSchema, tierNameSchema } from "@floodgate/contracts";
import { createRemoteJWKSet, decodeProtectedHeader, type JWTVerifyGetKey, jwtVerify } from "jose";
import { z } from "zod";

/** Seconds of clock skew tolerated on `exp`/`nbf`/`iat`. */
export const identityTokenClockToleranceSec = 30;

/** Algorithms accepted from a JWKS (asymmetric keys only). */
const jwksAlgorithms = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"];

const claimsSchema = z.object({
  sub: identityLikeSchema("the token's sub"),
  tier: tierNameSchema.optional(),
  exp: z.number(),
});

export interface IdentityClaims {
  identity: string;
  tier: string | null;
}

export type IdentityTokenResult =
  | { ok: true; claims: IdentityClaims }
  | {
      ok: false;
      reason:
        | "malformed"
        | "wrong_algorithm"
        | "expired"
        | "invalid"
        | "no_key"
        | "jwks_unavailable";
    };

export interface IdentityTokenKeys {
  /** The project's HS256 signing secret (decrypted), when it has one. */
  signingSecret: Uint8Array | null;
  /** The app backend's JWKS URL for RS/ES tokens, when configured. */
  jwksUrl: string | null;
}

const jwksCache = new Map<string, JWTVerifyGetKey>();

/** The app backend's key set could not be had: unreachable, not a 200, not a JWKS, too slow. */
class JwksUnavailable extends Error {}

/** What a token can be blamed for when its key is looked up: no key, or several, for its `kid`. */
const tokenKeyErrors = new Set(["ERR_JWKS_NO_MATCHING_KEY", "ERR_JWKS_MULTIPLE_MATCHING_KEYS"]);

function jwksFor(url: string): JWTVerifyGetKey {
  let set = jwksCache.get(url);
  if (!set) {
    const remote = createRemoteJWKSet(new URL(url), {
      cooldownDuration: 30_000,
      cacheMaxAge: 600_000,
    });
    set = async (header, token) => {
      try {
        return await remote(header, token);
      } catch (err) {
        if (tokenKeyErrors.has((err as { code?: string }).code ?? "")) throw err;
        console.error(
          JSON.stringify({ level: "error", msg: "identity JWKS unavailable", error: String(err) }),
        );
        throw new JwksUnavailable();
      }
    };
    jwksCache.set(url, set);
  }
  return set;
}

/**
 * Verifies an identity token: signed by the app's backend with the project's HS256
 * secret or a key from its JWKS, `aud` = the project id, `exp` required, the algorithm pinned to
 * the kind of key, clock skew bounded. Returns the identity (`sub`) and optional `tier` claim.
 */
export async function verifyIdentityToken(
  token: string,
  projectId: string,
  keys: IdentityTokenKeys,
  nowMs: number,
): Promise<IdentityTokenResult> {
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const options = {
    audience: projectId,
    requiredClaims: ["exp", "sub"],
    clockTolerance: identityTokenClockToleranceSec,
    currentDate: new Date(nowMs),
  };
  try {
    let payload: unknown;
    if (alg === "HS256") {
      if (!keys.signingSecret) return { ok: false, reason: "no_key" };
      ({ payload } = await jwtVerify(token, keys.signingSecret, {
        ...options,
        algorithms: ["HS256"],
      }));
    } else if (alg && jwksAlgorithms.includes(alg)) {
      if (!keys.jwksUrl) return { ok: false, reason: "no_key" };
      ({ payload } = await jwtVerify(token, jwksFor(keys.jwksUrl), {
        ...options,
        algorithms: jwksAlgorithms,
      }));
    } else {
      return { ok: false, reason: "wrong_algorithm" };
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) return { ok: false, reason: "invalid" };
    return { ok: true, claims: { identity: claims.data.sub, tier: claims.data.tier ?? null } };
  } catch (err) {
    if (err instanceof JwksUnavailable) return { ok: false, reason: "jwks_unavailable" };
    const code = (err as { code?: unknown }).code;
    if (code === "ERR_JWT_EXPIRED") return { ok: false, reason: "expired" };
    return { ok: false, reason: "invalid" };
  }
}
