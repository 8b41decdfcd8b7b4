import { describe, expect, it } from "vitest";
import type { CarriedSettle } from "../../src/limiter/limiter-rpc";
import { SettleQueue } from "../../src/limiter/settle-queue";

/** A queue whose waits end when the test says so, recording every batch sent on its own. */
function setUp() {
  const waits: (() => void)[] = [];
  const queue = new SettleQueue(() => new Promise<void>((resolve) => waits.push(resolve)));
  const sent: { name: string; ids: string[] }[] = [];
  const sender = (name: string) => async (settles: CarriedSettle[]) => {
    sent.push({ name, ids: settles.map((s) => s.reservationId) });
  };
  const settle = (name: string, id: string, delayMs = 1_000) =>
    queue.settle(name, settleOf(id), sender(name), delayMs);
  /** Ends the wait of the `index`-th settle queued (0 = the first), and lets it finish. */
  const endWait = async (index: number) => {
    waits[index]?.();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { queue, sent, settle, endWait };
}

function settleOf(reservationId: string): CarriedSettle {
  return {
    reservationId,
    model: "gpt-4o-mini",
    cost: { requests: 1, inputTokens: 3, outputTokens: 5, costMicroUsd: 7 },
  };
}

const ids = (settles: CarriedSettle[]) => settles.map((s) => s.reservationId);

describe("the settle queue", () => {
  it("sends a settle nothing took when its wait ends, once", async () => {
    const { queue, sent, settle, endWait } = setUp();
    const done = settle("prj/alice", "r1");
    expect(queue.size).toBe(1);
    expect(sent).toEqual([]);
    await endWait(0);
    await done;
    expect(sent).toEqual([{ name: "prj/alice", ids: ["r1"] }]);
    expect(queue.size).toBe(0);
  });

  it("hands every waiting settle of an object to the call that takes them, and sends none of them again", async () => {
    const { queue, sent, settle, endWait } = setUp();
    const a = settle("prj/alice", "r1");
    const b = settle("prj/alice", "r2");
    const other = settle("prj/bob", "r3");
    expect(ids(queue.take("prj/alice"))).toEqual(["r1", "r2"]);
    expect(queue.take("prj/alice")).toEqual([]);
    await endWait(0);
    await endWait(1);
    await Promise.all([a, b]);
    expect(sent).toEqual([]);
    // Another object's settle was not taken: it goes on its own.
    await endWait(2);
    await other;
    expect(sent).toEqual([{ name: "prj/bob", ids: ["r3"] }]);
  });

  it("does not let a taken settle's wait send a newer one early", async () => {
    const { queue, sent, settle, endWait } = setUp();
    const first = settle("prj/alice", "r1");
    expect(ids(queue.take("prj/alice"))).toEqual(["r1"]); // the next call carried it
    const second = settle("prj/alice", "r2");
    await endWait(0); // r1's wait ends: r2 must stay for the next call
    await first;
    expect(sent).toEqual([]);
    expect(queue.size).toBe(1);
    await endWait(1);
    await second;
    expect(sent).toEqual([{ name: "prj/alice", ids: ["r2"] }]);
  });

  it("sends the settles still waiting for an object together, when the oldest one's wait ends", async () => {
    const { sent, settle, endWait } = setUp();
    const all = [settle("prj/alice", "r1"), settle("prj/alice", "r2"), settle("prj/alice", "r3")];
    await endWait(0);
    expect(sent).toEqual([{ name: "prj/alice", ids: ["r1", "r2", "r3"] }]);
    await endWait(1);
    await endWait(2);
    await Promise.all(all);
    expect(sent).toHaveLength(1);
  });

  it("sends at once with no delay", async () => {
    const { queue, sent, settle } = setUp();
    await settle("prj/alice", "r1", 0);
    expect(sent).toEqual([{ name: "prj/alice", ids: ["r1"] }]);
    expect(queue.size).toBe(0);
  });
});
