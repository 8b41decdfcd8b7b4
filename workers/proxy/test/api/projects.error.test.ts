import { describe, expect, it } from "vitest";
import { newTenant } from "./fixtures";
import { call, expectError, expectJson, signUp } from "./helpers";

describe("project errors", () => {
  it("names the bad field of a new project and refuses a taken slug", async () => {
    const owner = await signUp();
    const post = (body: unknown) =>
      call("POST", "/api/projects", { token: owner.accessToken, body });
    expect((await expectError(await post({}), 400)).param).toBe("name");
    for (const name of ["nul\u0000byte", "two\nlines", "bell\u0007"]) {
      expect((await expectError(await post({ name }), 400)).param, JSON.stringify(name)).toBe(
        "name",
      );
    }
    expect((await expectError(await post({ name: "x", slug: "-bad-" }), 400)).param).toBe("slug");
    expect(
      (
        await expectError(
          await post({ name: "x", settings: { timeZone: "Atlantis/Capital" } }),
          400,
        )
      ).param,
    ).toBe("settings.timeZone");
    expect(
      (
        await expectError(
          await post({ name: "x", settings: { routes: [{ provider: "skynet" }] } }),
          400,
        )
      ).param,
    ).toBe("settings.routes.0.provider");
    const t = await newTenant();
    await expectError(await post({ name: "copy", slug: t.project.slug }), 409, "slug_taken");
    const other = await newTenant();
    await expectError(
      await call("PATCH", `/api/projects/${other.project.id}`, {
        token: other.owner.accessToken,
        body: { slug: t.project.slug },
      }),
      409,
      "slug_taken",
    );
  });

  it("refuses fields it does not know instead of dropping them (a misspelt setting)", async () => {
    const t = await newTenant();
    const token = t.owner.accessToken;
    const post = (body: unknown) => call("POST", "/api/projects", { token, body });
    const patch = (body: unknown) =>
      call("PATCH", `/api/projects/${t.project.id}`, { token, body });
    expect(
      (await expectError(await post({ name: "x", settings: { timezone: "Asia/Kolkata" } }), 400))
        .param,
    ).toBe("settings");
    expect((await expectError(await post({ name: "x", slugg: "mine" }), 400)).param).toBe("body");
    const misspelt = await expectError(
      await patch({ settings: { timezone: "Asia/Kolkata" } }),
      400,
    );
    expect(misspelt.param).toBe("settings");
    expect(misspelt.message).toContain("timezone");
    expect((await expectError(await patch({ nmae: "renamed" }), 400)).param).toBe("body");
    const project = await expectJson<{ name: string; settings: { timeZone: string } }>(
      await call("GET", `/api/projects/${t.project.id}`, { token }),
      200,
    );
    expect(project).toMatchObject({ name: t.project.name, settings: { timeZone: "UTC" } });
  });
});
