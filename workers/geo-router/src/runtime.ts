import { PoolHealthService } from "./health/pool-health";
import { OriginLoadRegistry } from "./routing/origin-load";

/**
 * The isolate's long-lived state: pool health cache and report buffer, and per-origin load.
 * One per isolate, shared by every request it serves.
 */
export const runtime = {
  health: new PoolHealthService(),
  load: new OriginLoadRegistry(),
};
