import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { MODEL_CATALOGUE } from "../fake/model-catalogue";
import { ApiError } from "../http/api-error";

/** `GET /v1/models` and `GET /v1/models/:id`. */
export const models = new Hono<AppEnv>()
  .get("/", (c) => c.json({ object: "list", data: MODEL_CATALOGUE }))
  .get("/:id{.+}", (c) => {
    const id = c.req.param("id");
    const model = MODEL_CATALOGUE.find((entry) => entry.id === id);
    if (model === undefined) {
      throw new ApiError(404, {
        message: `The model '${id}' does not exist`,
        type: "invalid_request_error",
        param: "model",
        code: "model_not_found",
      });
    }
    return c.json(model);
  });
