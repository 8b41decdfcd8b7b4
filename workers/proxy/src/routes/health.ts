import { ApiError } from "@floodgate/contracts";
import { Hono } from "hono";
import type { AppEnv } from "../app-env";

/** `GET /health`: the worker is up and D1 answers a query. */
export const health = new Hono<AppEnv>().get("/", async (c) => {
  const started = Date.now();
  try {
    const row = await c.var.config.DB.prepare("select count(*) as n from d1_migrations").first<{
      n: number;
    }>();
    return c.json({
      status: "ok",
      d1: { ok: true, migrations: row?.n ?? 0, latencyMs: Date.now() - started },
    });
  } catch (err) {
    console.error(
      JSON.stringify({ level: "error", msg: "health: D1 query failed", error: String(err) }),
    );
    throw new ApiError({
      status: 503,
      type: "api_error",
      code: "database_unavailable",
      message: "The database is not reachable.",
    });
  }
});
