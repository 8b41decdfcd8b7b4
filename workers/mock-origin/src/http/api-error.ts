import type { ContentfulStatusCode } from "hono/utils/http-status";

/** OpenAI's error `type` values that the mock produces. */
export type OpenAiErrorType = "invalid_request_error" | "requests" | "server_error";

/** Fields of OpenAI's error envelope `{ error: { message, type, param, code } }`. */
export interface OpenAiErrorFields {
  message: string;
  type: OpenAiErrorType;
  param?: string | null;
  code?: string | null;
}

/**
 * The one error every handler throws; `onError` renders it in OpenAI's envelope. `headers` are
 * added to the error response (e.g. `retry-after` on an injected 429).
 */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly fields: OpenAiErrorFields;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: ContentfulStatusCode,
    fields: OpenAiErrorFields,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(fields.message);
    this.name = "ApiError";
    this.status = status;
    this.fields = fields;
    this.headers = headers;
  }

  /** The JSON body exactly as OpenAI frames it: all four keys present, `null` when unset. */
  toBody(): { error: Required<OpenAiErrorFields> } {
    return {
      error: {
        message: this.fields.message,
        type: this.fields.type,
        param: this.fields.param ?? null,
        code: this.fields.code ?? null,
      },
    };
  }
}

/** A 400 `invalid_request_error`, the most common shape. */
export function invalidRequest(
  message: string,
  param: string | null = null,
  code: string | null = null,
): ApiError {
  return new ApiError(400, { message, type: "invalid_request_error", param, code });
}
