import { Hono } from "hono";
import type { AppEnv } from "./app-env";
import { countRequests } from "./http/count-requests";
import { faultInjection } from "./http/fault-injection";
import { renderError, renderNotFound } from "./http/on-error";
import { originHeaders } from "./http/origin-headers";
import { type RequestCounter, requestCounter } from "./http/request-stats";
import { audioTranscriptions } from "./routes/audio-transcriptions";
import { chatCompletions } from "./routes/chat-completions";
import { embeddings } from "./routes/embeddings";
import { health } from "./routes/health";
import { images } from "./routes/images";
import { mockImages } from "./routes/mock-images";
import { mockStats } from "./routes/mock-stats";
import { models } from "./routes/models";
import { responses } from "./routes/responses";

/**
 * Builds the mock origin: every response gets the origin headers, `/v1/*` gets the fault
 * knobs, and one renderer answers every error in OpenAI's envelope.
 */
export function createApp(counter: RequestCounter = requestCounter): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(countRequests(counter));
  app.use(originHeaders());
  app.use("/v1/*", faultInjection());

  app.route("/v1/chat/completions", chatCompletions);
  app.route("/v1/responses", responses);
  app.route("/v1/embeddings", embeddings);
  app.route("/v1/images/generations", images);
  app.route("/v1/audio/transcriptions", audioTranscriptions);
  app.route("/v1/models", models);
  app.route("/health", health);
  app.route("/__mock", mockStats(counter));
  app.route("/__mock/images", mockImages);

  app.notFound(renderNotFound);
  app.onError(renderError);
  return app;
}
