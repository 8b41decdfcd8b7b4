import type { Settings } from "./env";

/** Hono's typing for the router app: bindings plus per-request variables. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    settings: Settings;
  };
};
