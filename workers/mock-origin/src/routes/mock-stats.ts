import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import type { RequestCounter } from "../http/request-stats";

/** `GET /__mock/stats` and `POST /__mock/reset`: how many calls reached this isolate. */
export function mockStats(counter: RequestCounter): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get("/stats", (c) => c.json(counter.snapshot()))
    .post("/reset", (c) => {
      counter.reset();
      return c.json(counter.snapshot());
    });
}
