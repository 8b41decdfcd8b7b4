import { DurableObject } from "cloudflare:workers";
import {
  bannedUntil,
  emptyShieldRecord,
  recordFailure,
  type ShieldRecord,
} from "@floodgate/ratelimit";
import { z } from "zod";

const ipSchema = z.string().min(1).max(64);

/**
 * One per client IP: counts its failed authentications and bans it with growing durations
 * (see `ban-policy.ts`). Consulted only on failure paths, never on a good request.
 */
export class ShieldDO extends DurableObject<Env> {
  private record: ShieldRecord;
  /** Tests replace it through `runInDurableObject`. */
  clock: () => number = Date.now;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.record = ctx.storage.kv.get<ShieldRecord>("record") ?? emptyShieldRecord();
  }

  /** Records a failed authentication; `bannedUntil` > 0 when the IP is banned. */
  fail(ip: string): { bannedUntil: number } {
    ipSchema.parse(ip);
    const until = recordFailure(this.record, this.clock());
    this.ctx.storage.kv.put("record", this.record);
    return { bannedUntil: until };
  }

  status(ip: string): { bannedUntil: number } {
    ipSchema.parse(ip);
    return { bannedUntil: bannedUntil(this.record, this.clock()) };
  }
}
