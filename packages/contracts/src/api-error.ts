import type { ErrorBody, ErrorEnvelope, ErrorType } from "./error-envelope";

/** HTTP statuses an {@link ApiError} may carry. */
export type ApiErrorStatus =
  | 400
  | 401
  | 403
  | 404
  | 405
  | 409
  | 413
  | 415
  | 429
  /** The client closed the request before it was answered (nginx's code; nobody reads it). */
  | 499
  | 500
  | 502
  | 503
  | 504;

export interface ApiErrorInit {
  status: ApiErrorStatus;
  type: ErrorType;
  /** Machine-readable code, e.g. `invalid_header`, `limit_exceeded`. */
  code: string;
  /** Safe to show to the caller: never internal details. */
  message: string;
  /** The header, field or parameter the error is about. */
  param?: string | null;
  /** Extra fields for the envelope (e.g. the rule hit on a 429). */
  extra?: Record<string, unknown>;
  /** Response headers to add (e.g. `retry-after`). */
  headers?: Record<string, string>;
}

/**
 * The one error class of Floodgate's HTTP edges. Domain code returns values; the edge turns a
 * failed value into an `ApiError`, and a single `onError` renders it as the envelope.
 */
export class ApiError extends Error {
  readonly status: ApiErrorStatus;
  readonly type: ErrorType;
  readonly code: string;
  readonly param: string | null;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = "ApiError";
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.param = init.param ?? null;
    this.extra = init.extra ?? {};
    this.headers = init.headers ?? {};
  }

  /** The same error, answered with `headers` as well. */
  withHeaders(headers: Record<string, string>): ApiError {
    return new ApiError({
      status: this.status,
      type: this.type,
      code: this.code,
      message: this.message,
      param: this.param,
      extra: this.extra,
      headers: { ...this.headers, ...headers },
    });
  }

  toEnvelope(requestId: string | null): ErrorEnvelope {
    const body: ErrorBody = {
      ...this.extra,
      message: this.message,
      type: this.type,
      code: this.code,
      param: this.param,
      request_id: requestId,
    };
    return { error: body };
  }

  static badRequest(
    message: string,
    param: string | null = null,
    code = "invalid_request",
  ): ApiError {
    return new ApiError({ status: 400, type: "invalid_request_error", code, message, param });
  }

  static unauthorized(message: string, code = "invalid_credentials"): ApiError {
    return new ApiError({ status: 401, type: "authentication_error", code, message });
  }

  static forbidden(message: string, code = "forbidden"): ApiError {
    return new ApiError({ status: 403, type: "permission_error", code, message });
  }

  static notFound(message: string, code = "not_found"): ApiError {
    return new ApiError({ status: 404, type: "not_found_error", code, message });
  }

  /** A 413: the request body is over `limit` bytes. */
  static payloadTooLarge(limit: number): ApiError {
    return new ApiError({
      status: 413,
      type: "invalid_request_error",
      code: "payload_too_large",
      message: `The request body is larger than ${limit} bytes.`,
    });
  }

  static internal(): ApiError {
    return new ApiError({
      status: 500,
      type: "api_error",
      code: "internal_error",
      message: "The server had an error while processing your request.",
    });
  }
}
