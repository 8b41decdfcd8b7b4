import type { Config } from "./env";
import type { TierInput } from "./limiter/limiter-rpc";
import type { ProjectConfig } from "./project/project-config";

/** The caller of a proxied request, once its headers (or identity token) have been checked. */
export interface Caller {
  project: ProjectConfig;
  identity: string;
  /**
   * The tier sources, most trusted first (the identity record, held by the LimiterDO, sits
   * between `claimed` and `client`): a verified token claim, `x-tier` when the project allows
   * client tiers, the project default.
   */
  tier: TierInput;
  session: string | null;
  /** The identity came from a signed token sent as the bearer (so it is not a provider key). */
  usesIdentityToken: boolean;
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
