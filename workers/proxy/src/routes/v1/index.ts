import {
  estimateChatTokens,
  estimateEmbeddingTokens,
  estimateImageTokens,
  estimateResponsesTokens,
} from "@floodgate/metering";
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "../../app-env";
import { caller } from "../../middleware/caller";
import { limits } from "./limits";
import { models } from "./models";
import { proxiedEndpoint } from "./proxied-endpoint";

/** The OpenAI-compatible surface: an app points the OpenAI SDK's `baseURL` here. */
export const v1 = new Hono<AppEnv>();
// Browser mode: preflights carry no project key, so they are answered for any origin; the real
// request is then checked against the project's allow-list by `caller()`. Requested headers
// are reflected (the OpenAI SDK sends several `x-stainless-*` ones).
v1.use(
  cors({
    origin: (origin) => origin,
    allowMethods: ["GET", "POST", "OPTIONS"],
    exposeHeaders: [
      "x-request-id",
      "retry-after",
      "retry-after-ms",
      "x-should-retry",
      "x-floodgate-warning",
      "x-floodgate-tier",
      "x-ratelimit-limit-requests",
      "x-ratelimit-remaining-requests",
      "x-ratelimit-reset-requests",
      "x-ratelimit-limit-tokens",
      "x-ratelimit-remaining-tokens",
      "x-ratelimit-reset-tokens",
    ],
    maxAge: 600,
  }),
);
v1.use(caller());

v1.post(
  "/chat/completions",
  proxiedEndpoint({
    path: "/chat/completions",
    body: "json",
    estimate: estimateChatTokens,
    stream: "chat",
  }),
);
v1.post(
  "/responses",
  proxiedEndpoint({
    path: "/responses",
    body: "json",
    estimate: estimateResponsesTokens,
    stream: "responses",
  }),
);
v1.post(
  "/embeddings",
  proxiedEndpoint({ path: "/embeddings", body: "json", estimate: estimateEmbeddingTokens }),
);
v1.post(
  "/images/generations",
  proxiedEndpoint({ path: "/images/generations", body: "json", estimate: estimateImageTokens }),
);
v1.post(
  "/audio/transcriptions",
  proxiedEndpoint({ path: "/audio/transcriptions", body: "multipart" }),
);
v1.get("/models", models);
v1.get("/limits", limits);
