import { limiterFor, limiterName } from "./limiter-client";
import type { LimiterDO } from "./limiter-do";
import type { CarriedSettle, CheckInput, PeekInput } from "./limiter-rpc";
import { type SettleQueue, settleQueue } from "./settle-queue";

type Later = (work: Promise<unknown>) => void;
type Result<M extends "check" | "peek"> = Awaited<ReturnType<LimiterDO[M]>>;

/** One request's handle on its identity's LimiterDO, with the isolate's waiting settles. */
export interface IdentityLimiter {
  /**
   * `check` and `peek` carry the settles waiting for this object. If the call throws or rejects
   * its input, the settles are sent on their own through `later` (the request's `waitUntil`), so
   * none is lost.
   */
  check(input: Omit<CheckInput, "settles">, later: Later): Promise<Result<"check">>;
  peek(input: Omit<PeekInput, "settles">, later: Later): Promise<Result<"peek">>;
  refund: DurableObjectStub<LimiterDO>["refund"];
  /** Queues this request's settle; resolves once a call has carried it or it has been sent. */
  settle(settle: CarriedSettle, delayMs: number): Promise<void>;
}

export function identityLimiter(
  namespace: DurableObjectNamespace<LimiterDO>,
  projectId: string,
  identity: string,
  queue: SettleQueue = settleQueue,
): IdentityLimiter {
  const name = limiterName(projectId, identity);
  const stub = limiterFor(namespace, projectId, identity);
  const sendAlone = async (settles: CarriedSettle[]): Promise<void> => {
    const result = await stub.settleAll({ projectId, identity, settles });
    if (!result.ok) throw new Error(`settles rejected: ${result.error.message}`);
  };
  const carrying = async <T extends { ok: boolean }>(
    call: (settles: CarriedSettle[] | undefined) => Promise<T>,
    later: Later,
  ): Promise<T> => {
    const settles = queue.take(name);
    const carried = settles.length > 0 ? settles : undefined;
    try {
      const result = await call(carried);
      if (!result.ok && carried) later(sendAlone(carried));
      return result;
    } catch (err) {
      if (carried) later(sendAlone(carried));
      throw err;
    }
  };
  return {
    check: (input, later) =>
      carrying(
        async (settles): Promise<Result<"check">> => stub.check({ ...input, settles }),
        later,
      ),
    peek: (input, later) =>
      carrying(async (settles): Promise<Result<"peek">> => stub.peek({ ...input, settles }), later),
    refund: (input) => stub.refund(input),
    settle(settle, delayMs) {
      return queue.settle(name, settle, sendAlone, delayMs);
    },
  };
}
