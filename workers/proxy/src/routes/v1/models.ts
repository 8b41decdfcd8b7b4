import { ApiError } from "@floodgate/contracts";
import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import { type ProviderTarget, resolveProvider } from "../../providers/resolve-provider";
import { callProvider } from "../../upstream/call-provider";
import { providerAuthorization } from "../../upstream/provider-authorization";
import { logKeyRejected, providerFailure } from "../../upstream/upstream-failed";

/**
 * `GET /v1/models`: the model list of the project's catch-all provider (the route serving `*`,
 * else the first route). Not metered.
 */
export async function models(c: Context<AppEnv>): Promise<Response> {
  const { settings } = c.var.caller.project;
  const route = settings.routes.find((r) => r.models.includes("*")) ?? settings.routes[0];
  const target = route
    ? resolveProvider({ ...settings, routes: [route] }, route.models[0] ?? "*")
    : null;
  if (!target) throw ApiError.notFound("This project has no provider configured.", "no_provider");
  return askProvider(c, target, "/models");
}

const modelPath = /^\/v1\/models\/(.+)$/;

/**
 * `GET /v1/models/{model}` (the SDK's `models.retrieve`): asked of the provider the project routes
 * that model to, with the model's path segment as it came (ids may hold an encoded `/`). Not
 * metered.
 */
export async function model(c: Context<AppEnv>): Promise<Response> {
  const segment = modelPath.exec(new URL(c.req.url).pathname)?.[1] ?? "";
  const id = modelId(segment);
  if (id === null) {
    throw ApiError.badRequest("The model id in the path is not valid.", "model", "invalid_model");
  }
  const target = resolveProvider(c.var.caller.project.settings, id);
  if (!target) {
    throw new ApiError({
      status: 404,
      type: "invalid_request_error",
      code: "model_not_found",
      param: "model",
      message: `No provider is configured for model '${id}'.`,
    });
  }
  return askProvider(c, target, `/models/${segment}`);
}

/** The decoded id of a model path segment; null unless 1–200 printable characters, no dot segment. */
function modelId(segment: string): string | null {
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    return null;
  }
  if (id.length === 0 || id.length > 200) return null;
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return null;
  }
  return id.split("/").some((part) => part === "." || part === "..") ? null : id;
}

/**
 * The provider's answer as it came, but for a failure (a 5xx, a refused stored key): that is a
 * 502 in the envelope, as on every route.
 */
async function askProvider(
  c: Context<AppEnv>,
  target: ProviderTarget,
  path: string,
): Promise<Response> {
  const { caller } = c.var;
  const { settings } = caller.project;
  const res = await callProvider(c.env, {
    target,
    path,
    method: "GET",
    incomingHeaders: c.req.raw.headers,
    body: null,
    authorization: providerAuthorization(caller, target, c.req.header("authorization")),
    timeoutMs: settings.upstreamTimeoutMs,
    idleTimeoutMs: settings.upstreamIdleTimeoutMs,
    clientSignal: c.req.raw.signal,
    cf: c.req.raw.cf as IncomingRequestCfProperties | undefined,
  });
  const failure = providerFailure(res, target.route.keyMode === "stored");
  if (failure) {
    await res.cancel();
    if (failure.code === "provider_key_rejected") {
      logKeyRejected(c.var.requestId, caller.project.id, target);
    }
    throw failure;
  }
  return new Response(res.stream(), { status: res.status, headers: res.headers });
}
