import type { CarriedSettle } from "./limiter-rpc";

/** Default of `SETTLE_BATCH_MS`: how long a settle waits in the isolate for a call to carry it. */
export const defaultSettleBatchMs = 1_000;

/** Sends settles of one identity on their own, in one call. */
export type SendSettles = (settles: CarriedSettle[]) => Promise<void>;

/**
 * Settles waiting in this isolate, per LimiterDO, for the identity's next call to carry them.
 *
 * A request that ends queues its settle and waits (in its `waitUntil`) up to `delayMs`. If the
 * identity makes another call from this isolate meanwhile — a `check` or a `peek` — that call
 * `take`s every settle waiting for the object and carries them, applied before it decides: one
 * call and one commit instead of two. A settle nothing took is sent when its wait ends, with any
 * others still waiting for the same object. Until then the object holds the reservation at its
 * estimate, so limits err toward denying, never toward admitting, and the carrying call itself
 * sees the settled usage.
 *
 * Only plain values cross requests: the request that queued a settle or took it sends it, with its
 * own stub. A call that took settles and failed sends them on their own (settling twice is
 * harmless: the second finds the reservation closed).
 */
export class SettleQueue {
  private readonly waiting = new Map<string, CarriedSettle[]>();

  constructor(
    /** Resolves after `ms`; injectable for tests. */
    private readonly wait: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /**
   * Queues a settle for the object `name`; resolves once it has been taken by a call or sent
   * with `send`. With `delayMs` 0 it is sent at once.
   */
  async settle(
    name: string,
    settle: CarriedSettle,
    send: SendSettles,
    delayMs: number,
  ): Promise<void> {
    const list = this.waiting.get(name);
    if (list) list.push(settle);
    else this.waiting.set(name, [settle]);
    if (delayMs > 0) await this.wait(delayMs);
    // Taken meanwhile: the call that took it delivers it. Else it goes now, with the settles that
    // queued after it (their own waits would end later).
    if (!this.waiting.get(name)?.includes(settle)) return;
    await send(this.take(name));
  }

  /** Every settle waiting for `name`, removed from the queue: the caller now delivers them. */
  take(name: string): CarriedSettle[] {
    const list = this.waiting.get(name);
    if (!list) return [];
    this.waiting.delete(name);
    return list;
  }

  /** Settles waiting, across objects (for tests and diagnostics). */
  get size(): number {
    let n = 0;
    for (const list of this.waiting.values()) n += list.length;
    return n;
  }
}

/** The isolate's queue. */
export const settleQueue = new SettleQueue();
