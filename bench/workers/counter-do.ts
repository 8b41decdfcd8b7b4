import { DurableObject } from "cloudflare:workers";

/** The floor of both benchmarks: one RPC, one KV read-modify-write. */
export class CounterDO extends DurableObject {
  private n = this.ctx.storage.kv.get<number>("n") ?? 0;

  increment(): number {
    this.n += 1;
    this.ctx.storage.kv.put("n", this.n);
    return this.n;
  }
}
