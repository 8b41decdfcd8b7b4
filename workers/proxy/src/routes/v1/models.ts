import { ApiError } from "@floodgate/contracts";
import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import { resolveProvider } from "../../providers/resolve-provider";
import { callProvider } from "../../upstream/call-provider";
import { providerAuthorization } from "../../upstream/provider-authorization";

/**
 * `GET /v1/models`: the model list of the project's catch-all provider (the route serving `*`,
 * else the first route). Not metered.
 */
export async function models(c: Context<AppEnv>): Promise<Response> {
  const { caller } = c.var;
  const { settings } = caller.project;
  const route = settings.routes.find((r) => r.models.includes("*")) ?? settings.routes[0];
  const target = route
    ? resolveProvider({ ...settings, routes: [route] }, route.models[0] ?? "*")
    : null;
  if (!target) throw ApiError.notFound("This project has no provider configured.", "no_provider");
  return callProvider(c.env, {
    target,
    path: "/models",
    method: "GET",
    incomingHeaders: c.req.raw.headers,
    body: null,
    authorization: providerAuthorization(caller, target, c.req.header("authorization")),
    timeoutMs: settings.upstreamTimeoutMs,
    clientSignal: c.req.raw.signal,
    cf: c.req.raw.cf as IncomingRequestCfProperties | undefined,
  });
}
