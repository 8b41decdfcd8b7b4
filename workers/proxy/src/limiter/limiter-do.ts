import { DurableObject } from "cloudflare:workers";

/** One per (project, identity): that identity's live counters, the authority for its limits. */
export class LimiterDO extends DurableObject<Env> {}
