import {
  estimateChatTokens,
  estimateEmbeddingTokens,
  estimateImageTokens,
  estimateResponsesTokens,
} from "@floodgate/metering";
import { Hono } from "hono";
import type { AppEnv } from "../../app-env";
import { browserCors } from "../../middleware/browser-cors";
import { caller } from "../../middleware/caller";
import { limits } from "./limits";
import { model, models } from "./models";
import { proxiedEndpoint } from "./proxied-endpoint";

/** The OpenAI-compatible surface: an app points the OpenAI SDK's `baseURL` here. */
export const v1 = new Hono<AppEnv>();
v1.use(browserCors());
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
v1.get("/models/:model{.+}", model);
v1.get("/limits", limits);
