import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import type { AppEnv } from "../app-env";
import { ApiError } from "./api-error";

function render(c: Context<AppEnv>, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(error.toBody(), error.status);
}

/** Renders every thrown error in OpenAI's envelope; unknown errors never leak their message. */
export const renderError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof ApiError) return render(c, err);
  console.error("mock-origin: unhandled error", err);
  return render(
    c,
    new ApiError(500, {
      message: "The server had an error while processing your request. Sorry about that!",
      type: "server_error",
    }),
  );
};

/** OpenAI answers unknown paths (and known paths with the wrong method) with this 404. */
export const renderNotFound: NotFoundHandler<AppEnv> = (c) =>
  render(
    c,
    new ApiError(404, {
      message: `Invalid URL (${c.req.method} ${c.req.path})`,
      type: "invalid_request_error",
    }),
  );
