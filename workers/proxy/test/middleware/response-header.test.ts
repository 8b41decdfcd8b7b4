import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { setResponseHeader } from "../../src/middleware/response-header";

function appReturning(make: () => Response) {
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    setResponseHeader(c, "x-request-id", "req_1");
    setResponseHeader(c, "vary", "Origin", { append: true });
  });
  app.get("/", () => make());
  return app;
}

describe("setResponseHeader", () => {
  it("sets headers on the handler's own response in place", async () => {
    let made: Response | undefined;
    const res = await appReturning(() => {
      made = new Response("ok", { headers: { vary: "Accept" } });
      return made;
    }).request("/");
    expect(res).toBe(made);
    expect(res.headers.get("x-request-id")).toBe("req_1");
    expect(res.headers.get("vary")).toBe("Accept, Origin");
    expect(await res.text()).toBe("ok");
  });

  it("copies a response whose headers cannot change, keeping its status and headers", async () => {
    const res = await appReturning(() =>
      Response.redirect("https://example.com/next", 302),
    ).request("/");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("https://example.com/next");
    expect(res.headers.get("x-request-id")).toBe("req_1");
    expect(res.headers.get("vary")).toBe("Origin");
  });
});
