import { validate } from "@hyperjump/json-schema/openapi-3-1";
import { describe, expect, it } from "vitest";
import { createApi } from "../../src/api";
import { call, expectJson } from "./helpers";

interface Document {
  openapi: string;
  paths: Record<string, Record<string, { "x-floodgate-access"?: string; security?: unknown[] }>>;
}

describe("the OpenAPI document", () => {
  it("is served at /api/openapi.json and validates against the OpenAPI 3.1 schema", async () => {
    const doc = await expectJson<Document>(await call("GET", "/api/openapi.json"), 200);
    expect(doc.openapi).toBe("3.1.0");
    const output = await validate("https://spec.openapis.org/oas/3.1/schema-base", doc as never);
    expect(output.valid, JSON.stringify(output, null, 2).slice(0, 3000)).toBe(true);
    // The validator is not a rubber stamp: a broken copy fails.
    const { info: _info, ...rest } = doc as Document & { info: unknown };
    const broken = { ...rest, paths: { "/x": { get: { responses: "nope" } } } };
    expect(
      (await validate("https://spec.openapis.org/oas/3.1/schema-base", broken as never)).valid,
    ).toBe(false);
  });

  it("lists every /api route the app serves, each with an access policy", async () => {
    const doc = await expectJson<Document>(await call("GET", "/api/openapi.json"), 200);
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => {
        expect(op["x-floodgate-access"], `${method} ${path}`).toBeDefined();
        return `${method.toUpperCase()} ${path}`;
      }),
    );
    const served = createApi()
      // Each route shows up once per handler (middleware, validators, handler): a set.
      .routes.filter((r) => r.method !== "ALL" && !["/openapi.json", "/docs"].includes(r.path))
      .map((r) => `${r.method} /api${r.path.replace(/:([A-Za-z]+)/g, "{$1}")}`);
    expect([...documented].sort()).toEqual([...new Set(served)].sort());
    expect(documented.length).toBeGreaterThan(50);
  });

  it("documents the body limit's 413 on every operation that takes a body, and only there", async () => {
    const doc = await expectJson<{
      paths: Record<string, Record<string, { requestBody?: unknown; responses: object }>>;
    }>(await call("GET", "/api/openapi.json"), 200);
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
    const withBody = operations.filter((op) => op.requestBody);
    expect(withBody.length).toBeGreaterThan(15);
    for (const op of operations) expect("413" in op.responses).toBe(Boolean(op.requestBody));
  });

  it("has a readable docs page", async () => {
    const res = await call("GET", "/api/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("Floodgate management API");
    expect(html).toContain("/api/projects/{projectId}/rules");
  });
});
