import type { RouteConfig, RouteConfigToEnv, RouteHandler } from "@hono/zod-openapi";
import type { ApiApp, ApiEnv } from "../../api-env";
import { projectIdParamSchema } from "../../schemas/common";
import { identityQuerySchema } from "../../schemas/identities";

const IN_PATH = "/identities/{identity}";
const IN_QUERY = "/identity";

/**
 * The same operation with the identity in the query (`…/identity?identity=…`) instead of a path
 * segment. URL parsers (WHATWG, curl, every SDK's HTTP client) resolve a segment `.` or `..`,
 * even percent-encoded, before the request leaves the client, so an identity named that way, which
 * an app may well send in `x-identity`, can only be addressed from the query.
 */
function inQuery<R extends RouteConfig>(route: R): RouteConfig {
  const { params: _params, ...request } = route.request ?? {};
  return {
    ...route,
    path: route.path.replace(IN_PATH, IN_QUERY),
    summary: `${route.summary ?? ""} (identity in the query)`,
    description: `As \`${route.method.toUpperCase()} /api${route.path}\`, with the identity in the query: for any identity, and the only way to address \`.\` and \`..\`, which URL parsers resolve out of a path even when percent-encoded.`,
    request: { ...request, params: projectIdParamSchema, query: identityQuerySchema },
  };
}

/**
 * Registers an identity operation twice: with the identity as a path segment, and with it in the
 * query (see {@link inQuery}). The handler reads the identity with {@link addressedIdentity}.
 */
export function registerIdentityRoute<R extends RouteConfig>(
  api: ApiApp,
  route: R,
  handler: RouteHandler<R, RouteConfigToEnv<R> & ApiEnv>,
): void {
  if (!route.path.includes(IN_PATH)) throw new Error(`${route.path} has no ${IN_PATH}`);
  api.openapi(route, handler as never);
  api.openapi(inQuery(route), handler as never);
}

/** The identity a request of {@link registerIdentityRoute} addresses, validated. */
export function addressedIdentity(c: { req: { valid: (target: never) => unknown } }): string {
  const valid = (
    c.req.valid as (target: "param" | "query") => { identity?: string } | undefined
  ).bind(c.req);
  const identity = valid("param")?.identity ?? valid("query")?.identity;
  // Both forms validate `identity` before the handler runs.
  if (identity === undefined) throw new Error("identity route without an identity");
  return identity;
}
