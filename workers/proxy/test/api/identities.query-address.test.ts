import { describe, expect, it } from "vitest";
import { createTier, freeTierTenant } from "./fixtures";
import { adminSession, call, expectError, expectJson } from "./helpers";

/**
 * Identities named `.` or `..` arrive from apps in `x-identity` like any other, but no URL can
 * carry them as a path segment: URL parsers resolve them, even percent-encoded. Every identity
 * operation is also served with the identity in the query, where they can be managed.
 */

async function dotTenant() {
  const t = await freeTierTenant("binding://GATEWAY_ECHO/v1", [
    { metric: "requests", window: { kind: "calendar", unit: "day" }, limit: 1 },
  ]);
  await createTier(t.owner.accessToken, t.project.id, { name: "pro" });
  return t;
}

function chat(pk: string, identity: string) {
  return call("POST", "/v1/chat/completions", {
    headers: { "x-project-key": pk, "x-identity": identity },
    body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], max_tokens: 5 },
  });
}

const q = (identity: string) => `?identity=${encodeURIComponent(identity)}`;

describe("identities addressed in the query", () => {
  it("cannot reach `.` or `..` through a path segment, even percent-encoded", async () => {
    const t = await dotTenant();
    for (const segment of [".", "..", "%2E", "%2e%2E"]) {
      const res = await call("GET", `/api/projects/${t.project.id}/identities/${segment}`, {
        token: t.owner.accessToken,
      });
      // The URL parser rewrote the path: the request never names the identity.
      expect((await expectError(res, 404, "unknown_route")).message).not.toContain("identities/.");
    }
  });

  it("reads, changes and deletes identities named `.` and `..` that came from an app", async () => {
    const t = await dotTenant();
    const base = `/api/projects/${t.project.id}/identity`;
    const token = t.secretKey.key;
    for (const name of [".", ".."]) {
      expect((await chat(t.publishableKey.key, name)).status).toBe(200);
      expect((await chat(t.publishableKey.key, name)).status).toBe(429);
      const seen = await expectJson<{ identity: string; usage: { used: number }[] }>(
        await call("GET", `${base}${q(name)}`, { token }),
        200,
      );
      expect(seen.identity).toBe(name);
      expect(seen.usage[0]?.used).toBe(1);
      await expectJson(
        await call("POST", `${base}/reset${q(name)}`, { token, body: { metrics: ["requests"] } }),
        200,
      );
      expect((await chat(t.publishableKey.key, name)).status).toBe(200);
      const changed = await expectJson<{ identity: string; tier: string | null }>(
        await call("PUT", `${base}${q(name)}`, { token, body: { tier: "pro" } }),
        200,
      );
      expect(changed).toMatchObject({ identity: name, tier: "pro" });
      const disabled = await expectJson<{ disabled: boolean }>(
        await call("POST", `${base}/disable${q(name)}`, { token }),
        200,
      );
      expect(disabled.disabled).toBe(true);
      expect((await chat(t.publishableKey.key, name)).status).toBe(403);
    }
    // The other identity was not touched by either: each name is its own.
    const list = await expectJson<{ identities: { identity: string; tier: string | null }[] }>(
      await call("GET", `/api/projects/${t.project.id}/identities`, { token }),
      200,
    );
    expect(list.identities.map((i) => [i.identity, i.tier])).toEqual([
      [".", "pro"],
      ["..", "pro"],
    ]);
    const res = await call("DELETE", `${base}${q("..")}`, { token });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    const after = await expectJson<{ identity: string; tier: string | null; disabled: boolean }>(
      await call("GET", `${base}${q("..")}`, { token }),
      200,
    );
    expect(after).toMatchObject({ identity: "..", tier: null, disabled: false });
    const audit = await expectJson<{ entries: { action: string; targetId: string }[] }>(
      await call("GET", `/api/projects/${t.project.id}/audit?action=identity.delete`, {
        token: t.owner.accessToken,
      }),
      200,
    );
    expect(audit.entries.map((e) => e.targetId)).toEqual([".."]);
  });

  it("lets admins set the tier of `..` too", async () => {
    const t = await dotTenant();
    const admin = await adminSession();
    const record = await expectJson<{ identity: string; tier: string }>(
      await call("PUT", `/api/admin/projects/${t.project.id}/identity/tier${q("..")}`, {
        token: admin.accessToken,
        body: { tier: "pro" },
      }),
      200,
    );
    expect(record).toMatchObject({ identity: "..", tier: "pro" });
  });

  it("answers 400 naming the query when the identity is missing or not one", async () => {
    const t = await dotTenant();
    const base = `/api/projects/${t.project.id}/identity`;
    for (const query of ["", "?identity=", `?identity=${"x".repeat(257)}`, "?identity=a%0Ab"]) {
      const error = await expectError(
        await call("GET", `${base}${query}`, { token: t.owner.accessToken }),
        400,
      );
      expect(error.param).toBe("query.identity");
    }
  });

  it("is in the OpenAPI document next to the path form", async () => {
    const doc = await expectJson<{
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    }>(await call("GET", "/api/openapi.json"), 200);
    const inPath = Object.keys(doc.paths).filter((p) => p.includes("/identities/{identity}"));
    expect(inPath.length).toBe(7);
    for (const path of inPath) {
      const twin = path.replace("/identities/{identity}", "/identity");
      expect(Object.keys(doc.paths[twin] ?? {}), twin).toEqual(Object.keys(doc.paths[path] ?? {}));
      for (const op of Object.values(doc.paths[twin] ?? {}))
        expect(op.parameters).toContainEqual(
          expect.objectContaining({ name: "identity", in: "query" }),
        );
    }
  });
});
