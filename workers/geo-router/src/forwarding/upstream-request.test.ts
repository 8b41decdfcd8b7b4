import { describe, expect, it } from "vitest";
import { withoutHopByHop } from "./hop-by-hop";
import { originTarget, upstreamHeaders } from "./upstream-request";

describe("originTarget", () => {
  const incoming = new URL("https://router.example/v1/chat/completions?stream=true");

  it("joins an origin base path with the request path and query", () => {
    expect(originTarget("https://eu.example.com", incoming)).toEqual({
      kind: "network",
      url: "https://eu.example.com/v1/chat/completions?stream=true",
    });
    expect(originTarget("https://eu.example.com/base/", incoming).url).toBe(
      "https://eu.example.com/base/v1/chat/completions?stream=true",
    );
  });

  it("sends binding:// origins through the named service binding, keeping the caller's host", () => {
    expect(originTarget("binding://MOCK_EU/t1", incoming)).toEqual({
      kind: "binding",
      binding: "MOCK_EU",
      url: "https://router.example/t1/v1/chat/completions?stream=true",
    });
  });
});

describe("headers sent upstream", () => {
  it("strips hop-by-hop headers, also those named in Connection", () => {
    const h = withoutHopByHop(
      new Headers({
        connection: "keep-alive, x-secret-hop",
        "keep-alive": "timeout=5",
        "x-secret-hop": "1",
        te: "trailers",
        upgrade: "h2c",
        "proxy-authorization": "Basic x",
        "transfer-encoding": "chunked",
        authorization: "Bearer sk",
      }),
    );
    expect([...h.keys()]).toEqual(["authorization"]);
  });

  it("appends the client to x-forwarded-for, sets x-forwarded-proto, drops host, cf-* and the dev override", () => {
    const h = upstreamHeaders(
      new Headers({
        host: "router.example",
        "x-forwarded-for": "203.0.113.9",
        "x-forwarded-proto": "http",
        "cf-connecting-ip": "198.51.100.7",
        "cf-ray": "abc",
        "x-floodgate-dev-country": "JP",
        "content-type": "application/json",
      }),
      { clientIp: "198.51.100.7", proto: "https", requestId: "req_1" },
    );
    expect(h.get("x-forwarded-for")).toBe("203.0.113.9, 198.51.100.7");
    expect(h.get("x-forwarded-proto")).toBe("https");
    expect(h.get("x-request-id")).toBe("req_1");
    expect(h.get("content-type")).toBe("application/json");
    for (const gone of ["host", "cf-connecting-ip", "cf-ray", "x-floodgate-dev-country"])
      expect(h.has(gone)).toBe(false);
  });
});
