import type { Db } from "@floodgate/db";
import type { AppEnv } from "../app-env";

/** Hono's typing for the management API: the app's bindings and the variables it sets. */
export type ApiEnv = {
  Bindings: Env;
  Variables: Pick<AppEnv["Variables"], "requestId" | "config"> & {
    /** Drizzle over the `DB` binding, made once per request. */
    db: Db;
  };
};

/** The management API's router; every route file registers itself on it. */
export type ApiApp = import("@hono/zod-openapi").OpenAPIHono<ApiEnv>;
