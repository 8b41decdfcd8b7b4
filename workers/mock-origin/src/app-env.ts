import type { MockKnobs } from "./http/knobs";

/** Hono's typing for the mock origin: bindings plus the fault knobs parsed once per request. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    knobs: MockKnobs;
  };
};
