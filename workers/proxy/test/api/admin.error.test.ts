import { describe, expect, it } from "vitest";
import { call, expectJson, PASSWORD, type Session } from "./helpers";
import { seededTenant } from "./world";

async function admin(): Promise<Session> {
  const res = await call("POST", "/api/auth/register", {
    body: { email: "admin@floodgate.test", password: PASSWORD },
  });
  if (res.status === 201) return (await res.json()) as Session;
  return expectJson<Session>(
    await call("POST", "/api/auth/login", {
      body: { email: "admin@floodgate.test", password: PASSWORD },
    }),
    200,
  );
}

describe("admin errors", () => {
  it("answers 404 for unknown projects and keys and 400 for unknown tiers", async () => {
    const t = await seededTenant();
    const root = await admin();
    expect(
      (
        await call("POST", "/api/admin/projects/prj_nope/api-keys/x/block", {
          token: root.accessToken,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call("POST", `/api/admin/projects/${t.project.id}/api-keys/ak_nope/block`, {
          token: root.accessToken,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call("PUT", `/api/admin/projects/${t.project.id}/api-keys/${t.params.keyId}/tier`, {
          token: root.accessToken,
          body: { tier: "nope" },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call("PUT", `/api/admin/projects/${t.project.id}/identities/x/tier`, {
          token: root.accessToken,
          body: { tier: "nope" },
        })
      ).status,
    ).toBe(400);
    expect(
      (await call("GET", "/api/admin/audit?cursor=garbage", { token: root.accessToken })).status,
    ).toBe(400);
  });
});
