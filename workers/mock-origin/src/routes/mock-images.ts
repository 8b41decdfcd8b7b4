import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { solidPng } from "../fake/png";

/** `GET /__mock/images/:rrggbb.png`: the files behind the `url`s of image generations. */
export const mockImages = new Hono<AppEnv>().get("/:file{[0-9a-f]{6}\\.png}", (c) => {
  const colour = Number.parseInt(c.req.param("file").slice(0, 6), 16);
  return c.body(solidPng(colour), 200, { "content-type": "image/png" });
});
