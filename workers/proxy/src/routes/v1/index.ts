import { ApiError } from "@floodgate/contracts";
import { Hono } from "hono";
import type { AppEnv } from "../../app-env";
import { caller } from "../../middleware/caller";
import { resolveProvider } from "../../providers/resolve-provider";
import { callProvider } from "../../upstream/call-provider";
import { readJsonBody } from "./read-json-body";

/** The OpenAI-compatible surface: an app points the OpenAI SDK's `baseURL` here. */
export const v1 = new Hono<AppEnv>();
v1.use(caller());

v1.post("/chat/completions", async (c) => {
  const body = await readJsonBody(c.req.raw);
  const { project } = c.var.caller;
  const target = resolveProvider(project.settings, body.model);
  if (!target) {
    throw ApiError.badRequest(
      `No provider is configured for model '${body.model}'.`,
      "model",
      "unknown_model",
    );
  }
  return callProvider(c.env, {
    target,
    path: "/chat/completions",
    method: "POST",
    incomingHeaders: c.req.raw.headers,
    body: body.text,
    timeoutMs: project.settings.upstreamTimeoutMs,
    clientSignal: c.req.raw.signal,
  });
});
