import type { AppEnv } from "../app-env";

/** Hono's typing for the management API: the app's bindings and the variables it sets. */
export type ApiEnv = {
  Bindings: Env;
  Variables: Pick<AppEnv["Variables"], "requestId" | "config">;
};
