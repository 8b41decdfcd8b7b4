import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ApiError, type OpenAiErrorFields } from "./api-error";

/** What OpenAI sends for the statuses a proxy cares most about; others get a generic body. */
function fieldsFor(status: number): OpenAiErrorFields {
  switch (status) {
    case 400:
      return { message: "Mock bad request (x-mock-status: 400).", type: "invalid_request_error" };
    case 401:
      return {
        message:
          "Incorrect API key provided: sk-mock***. You can find your API key at https://platform.openai.com/account/api-keys.",
        type: "invalid_request_error",
        code: "invalid_api_key",
      };
    case 403:
      return {
        message: "Country, region, or territory not supported",
        type: "invalid_request_error",
        code: "unsupported_country_region_territory",
      };
    case 404:
      return {
        message: "The model does not exist or you do not have access to it.",
        type: "invalid_request_error",
        param: "model",
        code: "model_not_found",
      };
    case 429:
      return {
        message: "Rate limit reached for requests (mock). Please try again later.",
        type: "requests",
        code: "rate_limit_exceeded",
      };
    case 500:
      return {
        message: "The server had an error while processing your request. Sorry about that!",
        type: "server_error",
      };
    case 503:
      return {
        message: "The engine is currently overloaded, please try again later.",
        type: "server_error",
      };
    default:
      return {
        message: `Mock error (x-mock-status: ${status}).`,
        type: status >= 500 ? "server_error" : "invalid_request_error",
      };
  }
}

/** The error an `x-mock-status` knob asks for, with `retry-after` (and, for 429, OpenAI's rate-limit headers). */
export function injectedError(status: number, retryAfterSeconds: number | undefined): ApiError {
  const headers: Record<string, string> = {};
  if (retryAfterSeconds !== undefined) headers["retry-after"] = String(retryAfterSeconds);
  if (status === 429) {
    headers["x-ratelimit-limit-requests"] = "60";
    headers["x-ratelimit-remaining-requests"] = "0";
    headers["x-ratelimit-reset-requests"] = `${retryAfterSeconds ?? 1}s`;
  }
  // SAFETY: parseKnobs only admits 400–599, all of which are contentful statuses.
  return new ApiError(status as ContentfulStatusCode, fieldsFor(status), headers);
}
