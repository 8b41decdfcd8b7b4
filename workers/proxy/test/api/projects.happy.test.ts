import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getProject, newTenant } from "./fixtures";
import { call, expectJson } from "./helpers";

describe("projects", () => {
  it("creates a project with its first keys, shown once and stored as SHA-256 only", async () => {
    const t = await newTenant();
    expect(t.project.id).toMatch(/^prj_/);
    expect(t.project.slug).toMatch(/^test-app-/);
    expect(t.publishableKey.key).toMatch(/^pk_[0-9A-Za-z]{43}$/);
    expect(t.secretKey.key).toMatch(/^sk_[0-9A-Za-z]{43}$/);
    expect(t.project.settings).toMatchObject({ timeZone: "UTC", allowClientTier: true });
    const rows = await env.DB.prepare("select * from project_keys where project_id = ?")
      .bind(t.project.id)
      .all();
    const dump = JSON.stringify(rows.results);
    expect(dump).not.toContain(t.secretKey.key);
    expect(dump).not.toContain(t.publishableKey.key);
    const digest = new Uint8Array(
      await crypto.subtle.digest("SHA-256", new TextEncoder().encode(t.secretKey.key)),
    );
    const hex = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect(dump).toContain(hex);
    const listed = await expectJson<{ keys: Record<string, unknown>[] }>(
      await call("GET", `/api/projects/${t.project.id}/keys`, { token: t.owner.accessToken }),
      200,
    );
    expect(listed.keys).toHaveLength(2);
    expect(JSON.stringify(listed)).not.toContain(t.secretKey.key);
  });

  it("lists, reads (owner or sk_), updates and deletes", async () => {
    const t = await newTenant();
    const list = await expectJson<{ projects: { id: string }[] }>(
      await call("GET", "/api/projects", { token: t.owner.accessToken }),
      200,
    );
    expect(list.projects.map((p) => p.id)).toEqual([t.project.id]);
    expect((await getProject(t.secretKey.key, t.project.id)).id).toBe(t.project.id);

    const updated = await expectJson<{
      name: string;
      slug: string;
      configVersion: number;
      settings: Record<string, unknown>;
    }>(
      await call("PATCH", `/api/projects/${t.project.id}`, {
        token: t.owner.accessToken,
        body: {
          name: "Renamed",
          slug: `renamed-${t.project.id.slice(-8)}`,
          settings: {
            timeZone: "Europe/Berlin",
            upgradeUrl: "https://example.com/upgrade",
            deepLink: "myapp://upgrade",
            allowClientTier: false,
            requireSignedIdentity: true,
            allowedOrigins: ["https://app.example.com"],
            warningThreshold: 0.9,
            upstreamTimeoutMs: 30_000,
            messages: { quota: "Used {{usage}} of {{limit}}" },
            routes: [{ models: ["gpt-*"], provider: "openai" }],
          },
        },
      }),
      200,
    );
    expect(updated.name).toBe("Renamed");
    expect(updated.configVersion).toBeGreaterThan(t.project.configVersion);
    expect(updated.settings).toMatchObject({
      timeZone: "Europe/Berlin",
      warningThreshold: 0.9,
      allowClientTier: false,
    });

    // null resets a field to its default; other fields stay.
    const reset = await expectJson<{ settings: Record<string, unknown> }>(
      await call("PATCH", `/api/projects/${t.project.id}`, {
        token: t.owner.accessToken,
        body: { settings: { timeZone: null } },
      }),
      200,
    );
    expect(reset.settings).toMatchObject({ timeZone: "UTC", warningThreshold: 0.9 });

    expect(
      (await call("DELETE", `/api/projects/${t.project.id}`, { token: t.owner.accessToken }))
        .status,
    ).toBe(204);
    expect(
      (await call("GET", `/api/projects/${t.project.id}`, { token: t.owner.accessToken })).status,
    ).toBe(404);
  });
});
