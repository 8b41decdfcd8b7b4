import { Hono } from "hono";
import type { AppEnv } from "../app-env";

/** `GET /health`: liveness, not counted in the request stats. */
export const health = new Hono<AppEnv>().get("/", (c) => c.json({ status: "ok" }));
