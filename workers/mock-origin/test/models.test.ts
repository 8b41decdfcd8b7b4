import { NotFoundError } from "openai";
import { describe, expect, it } from "vitest";
import { call, openai } from "./helpers";

describe("GET /v1/models", () => {
  it("lists models as a list object the SDK pages through", async () => {
    const ids: string[] = [];
    for await (const model of openai().models.list()) {
      expect(model.object).toBe("model");
      expect(typeof model.created).toBe("number");
      expect(typeof model.owned_by).toBe("string");
      ids.push(model.id);
    }
    expect(ids).toContain("gpt-4o-mini");
    expect(ids).toContain("text-embedding-3-small");

    const raw = (await (await call("/v1/models")).json()) as { object: string; data: unknown[] };
    expect(raw.object).toBe("list");
    expect(raw.data).toHaveLength(ids.length);
  });

  it("retrieves one model, and 404s with model_not_found for unknown ids", async () => {
    const model = await openai().models.retrieve("gpt-4o-mini");
    expect(model).toEqual({
      id: "gpt-4o-mini",
      object: "model",
      created: 1721172741,
      owned_by: "system",
    });

    const error = await openai()
      .models.retrieve("gpt-nonexistent")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      status: 404,
      code: "model_not_found",
      param: "model",
      type: "invalid_request_error",
    });
  });
});
