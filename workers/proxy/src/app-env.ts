import type { Config } from "./env";
import type { ProjectConfig } from "./project/project-config";

/** The caller of a proxied request, once its headers (or identity token) have been checked. */
export interface Caller {
  project: ProjectConfig;
  identity: string;
  /** `x-tier` as sent, before the project's policy decides whether it counts. */
  clientTier: string | null;
  session: string | null;
}

/** Hono's typing for the proxy app: bindings plus per-request variables. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    config: Config;
    caller: Caller;
  };
};
