import { type Ewma, updateEwma } from "./ewma";
import { newRoundRobinState, type RoundRobinState } from "./smooth-round-robin";

interface Load {
  outstanding: number;
  latency: Ewma | null;
}

/**
 * What this isolate knows about the traffic it sends: requests in flight per origin (for
 * least-outstanding), a latency EWMA per origin (for latency steering) and each pool's
 * round-robin state. Isolate memory on purpose: these change on every request, and a Durable
 * Object round trip per request would cost more than the balancing gains.
 */
export class OriginLoadRegistry {
  readonly #loads = new Map<string, Load>();
  readonly #roundRobin = new Map<string, RoundRobinState>();

  #load(pool: string, originId: string): Load {
    const key = `${pool}\u0000${originId}`;
    let load = this.#loads.get(key);
    if (!load) {
      load = { outstanding: 0, latency: null };
      this.#loads.set(key, load);
    }
    return load;
  }

  /** A request to the origin started; call the returned function exactly once when it ends. */
  start(pool: string, originId: string): () => void {
    const load = this.#load(pool, originId);
    load.outstanding += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      load.outstanding -= 1;
    };
  }

  recordLatency(pool: string, originId: string, latencyMs: number, now: number): void {
    const load = this.#load(pool, originId);
    load.latency = updateEwma(load.latency, latencyMs, now);
  }

  outstanding(pool: string, originId: string): number {
    return this.#loads.get(`${pool}\u0000${originId}`)?.outstanding ?? 0;
  }

  latencyEwmaMs(pool: string, originId: string): number | null {
    return this.#loads.get(`${pool}\u0000${originId}`)?.latency?.valueMs ?? null;
  }

  roundRobin(pool: string): RoundRobinState {
    let state = this.#roundRobin.get(pool);
    if (!state) {
      state = newRoundRobinState();
      this.#roundRobin.set(pool, state);
    }
    return state;
  }
}
