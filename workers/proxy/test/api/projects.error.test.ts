import { describe, expect, it } from "vitest";
import { newTenant } from "./fixtures";
import { call, expectError, signUp } from "./helpers";

describe("project errors", () => {
  it("names the bad field of a new project and refuses a taken slug", async () => {
    const owner = await signUp();
    const post = (body: unknown) =>
      call("POST", "/api/projects", { token: owner.accessToken, body });
    expect((await expectError(await post({}), 400)).param).toBe("name");
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
});
