import { ApiError, floodgateHeadersSchema } from "@floodgate/contracts";
import { createDb } from "@floodgate/db";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { verifyIdentityToken } from "../identity/identity-token";
import { originAllowed } from "../identity/origin-allowed";
import { projectConfigs } from "../project/config-cache";
import { projectUnusable } from "../project/project-unusable";
import { assertNotBanned, clientIp, failedAuthentication } from "../shield/abuse-shield";

/**
 * A bearer value shaped like a JWT (three base64url parts, JSON header) is an identity token when
 * the project can verify one (a signing secret or a JWKS URL); else it is the caller's own
 * credential for the provider (an Entra ID token for Azure OpenAI, a provider whose keys are JWTs).
 */
const jwtShape = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const tokenFailures: Record<string, string> = {
  malformed: "The identity token is malformed.",
  wrong_algorithm: "The identity token uses an algorithm this project does not accept.",
  expired: "The identity token has expired.",
  invalid: "The identity token is invalid.",
  no_key: "This project has no key to verify identity tokens of this kind.",
};

/**
 * Who is calling: validates the Floodgate headers, finds the project of
 * `x-project-key` (isolate cache; D1 only on a miss), checks the browser origin, verifies a
 * signed identity token when one is sent or required, and applies the project's tier policy.
 * Unknown keys and bad tokens count against the client IP in the abuse shield.
 */
export function caller(): MiddlewareHandler<AppEnv> {
  return async function callerMiddleware(c, next) {
    const now = Date.now();
    const ip = clientIp(c.req.raw.headers);
    assertNotBanned(ip, now);
    const parsed = floodgateHeadersSchema.safeParse({
      "x-project-key": c.req.header("x-project-key"),
      "x-identity": c.req.header("x-identity"),
      "x-tier": c.req.header("x-tier"),
      "x-session": c.req.header("x-session"),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const header = String(issue?.path[0] ?? "headers");
      throw ApiError.badRequest(issue?.message ?? "invalid headers", header, "invalid_header");
    }
    const headers = parsed.data;
    const { config } = c.var;
    const lookup = await projectConfigs.get(
      headers["x-project-key"],
      { openDb: () => createDb(config.DB), masterKey: config.MASTER_KEY },
      { ttlMs: config.CONFIG_CACHE_TTL_MS, nowMs: now },
    );
    if (!lookup.ok) {
      if (lookup.reason !== "unknown_key") throw projectUnusable();
      throw await failedAuthentication(
        config.SHIELD,
        ip,
        ApiError.unauthorized("Unknown project key.", "invalid_project_key"),
        now,
      );
    }
    const project = lookup.config;
    if (project.disabled)
      throw ApiError.unauthorized("This project is disabled.", "project_disabled");
    const { settings } = project;

    const origin = c.req.header("origin");
    if (origin && !originAllowed(origin, settings.allowedOrigins)) {
      throw ApiError.forbidden(
        `Origin ${origin.slice(0, 200)} is not allowed for this project.`,
        "origin_not_allowed",
      );
    }

    const bearer = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const verifiable = project.identitySigningSecret !== null || !!settings.identityJwksUrl;
    const token =
      c.req.header("x-identity-token") ??
      (bearer && verifiable && jwtShape.test(bearer) ? bearer : undefined);
    let identity = headers["x-identity"];
    let claimedTier: string | null = null;
    if (token) {
      const verified = await verifyIdentityToken(
        token,
        project.id,
        { signingSecret: project.identitySigningSecret, jwksUrl: settings.identityJwksUrl ?? null },
        now,
      );
      if (!verified.ok && verified.reason === "jwks_unavailable") {
        // The app backend's fault, not the caller's: no strike against the caller's address.
        throw new ApiError({
          status: 502,
          type: "upstream_error",
          code: "identity_jwks_unavailable",
          message:
            "The project's JWKS could not be fetched to verify the identity token. Try again later.",
        });
      }
      if (!verified.ok) {
        throw await failedAuthentication(
          config.SHIELD,
          ip,
          ApiError.unauthorized(
            tokenFailures[verified.reason] ?? "Invalid identity token.",
            `identity_token_${verified.reason}`,
          ),
          now,
        );
      }
      identity = verified.claims.identity;
      claimedTier = verified.claims.tier;
    } else if (settings.requireSignedIdentity) {
      throw ApiError.unauthorized(
        "This project requires a signed identity token (Authorization: Bearer <token> or x-identity-token).",
        "identity_token_required",
      );
    }
    if (identity === undefined) {
      throw ApiError.badRequest("x-identity header is required", "x-identity", "invalid_header");
    }

    const clientTier = settings.allowClientTier ? (headers["x-tier"] ?? null) : null;
    for (const [tier, param] of [
      [claimedTier, "tier"],
      [clientTier, "x-tier"],
    ] as const) {
      if (tier !== null && !project.tiers.includes(tier)) {
        throw ApiError.badRequest(
          `Unknown tier '${tier}' for this project.`,
          param,
          "unknown_tier",
        );
      }
    }

    c.set("caller", {
      project,
      identity,
      tier: {
        claimed: claimedTier,
        client: clientTier,
        fallback: project.defaultTier,
        projectTiers: project.tiers,
      },
      session: headers["x-session"] ?? null,
      // Only a token sent as the bearer: with `x-identity-token`, the bearer is the caller's own.
      usesIdentityToken: token !== undefined && token === bearer,
    });
    await next();
  };
}
