import { ApiError } from "@floodgate/contracts";
import { HTTPException } from "hono/http-exception";
import { describe, expect, it, vi } from "vitest";
import { errorResponse } from "./error-response";
import { requestIdFrom } from "./request-id";

describe("errorResponse", () => {
  it("renders an ApiError in the envelope with its headers and the request id", async () => {
    const res = errorResponse(
      new ApiError({
        status: 429,
        type: "rate_limit_exceeded",
        code: "limit_exceeded",
        message: "slow down",
        headers: { "retry-after": "3" },
        extra: { limit: 5 },
      }),
      "req_1",
    );
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(res.headers.get("x-request-id")).toBe("req_1");
    expect(await res.json()).toEqual({
      error: {
        message: "slow down",
        type: "rate_limit_exceeded",
        code: "limit_exceeded",
        param: null,
        request_id: "req_1",
        limit: 5,
      },
    });
  });

  it("turns a client HTTPException into a 400 or 413", async () => {
    expect(errorResponse(new HTTPException(413), null).status).toBe(413);
    const res = errorResponse(new HTTPException(422, { message: "bad" }), null);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
  });

  it("hides an unexpected error behind a generic 500 and logs it", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = errorResponse(new Error("secret internals"), "req_2");
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("secret internals");
    expect(log.mock.calls.flat().join(" ")).toContain("secret internals");
    log.mockRestore();
  });
});

describe("requestIdFrom", () => {
  it("keeps a well-formed id and replaces anything else", () => {
    expect(requestIdFrom("abc-123")).toBe("abc-123");
    expect(requestIdFrom("bad id")).toMatch(/^req_[0-9a-f]{32}$/);
    expect(requestIdFrom(undefined)).toMatch(/^req_[0-9a-f]{32}$/);
    expect(requestIdFrom("x".repeat(129))).toMatch(/^req_/);
  });
});
