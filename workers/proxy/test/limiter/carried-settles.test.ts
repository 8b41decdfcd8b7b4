import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { identityLimiter } from "../../src/limiter/identity-limiter";
import type { CarriedSettle } from "../../src/limiter/limiter-rpc";
import { SettleQueue } from "../../src/limiter/settle-queue";
import {
  checkInput,
  freshIdentity,
  peekInput,
  perMinute,
  projectId,
  seedProject,
  setClock,
  stub,
} from "./helpers";

const t0 = Date.UTC(2026, 10, 24, 10, 0, 0);
const tokens = [perMinute(1_000, "tokens")];
const estimate = (total: number) => ({
  requests: 1,
  inputTokens: total / 2,
  outputTokens: total / 2,
  costMicroUsd: 0,
});
const settleOf = (reservationId: string, total: number): CarriedSettle => ({
  reservationId,
  model: "gpt-4o-mini",
  cost: estimate(total),
  latencyMs: 12,
});

async function tokensUsed(identity: string): Promise<number> {
  const peeked = await stub(identity).peek(peekInput(identity, tokens));
  return peeked.ok ? (peeked.rules[0]?.used ?? -1) : -1;
}

beforeAll(seedProject);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("settles carried by the identity's next call", () => {
  it("are applied by a check before it decides, in the same write", async () => {
    const identity = freshIdentity("carried-check");
    const s = stub(identity);
    await setClock(identity, t0);
    const first = await s.check(
      checkInput(identity, tokens, { reservationId: "a", cost: estimate(800) }),
    );
    expect(first.ok && first.decision.allowed).toBe(true);
    // Held at its estimate, "a" leaves no room for 500 more.
    const without = await s.check(
      checkInput(identity, tokens, { reservationId: "b", cost: estimate(500) }),
    );
    expect(without.ok && without.decision.allowed).toBe(false);
    // The same check carrying "a"'s real usage (100) is admitted, and reports it.
    const carrying = await s.check(
      checkInput(identity, tokens, {
        reservationId: "b",
        cost: estimate(500),
        settles: [settleOf("a", 100)],
      }),
    );
    expect(carrying.ok && carrying.decision.allowed).toBe(true);
    expect(carrying.ok && carrying.decision.rules[0]).toMatchObject({ used: 600, remaining: 400 });

    await evictDurableObject(s);
    await setClock(identity, t0 + 1_000);
    expect(await tokensUsed(identity)).toBe(600);
  });

  it("are applied and stored by a peek, which then shows the real usage", async () => {
    const identity = freshIdentity("carried-peek");
    const s = stub(identity);
    await setClock(identity, t0);
    await s.check(checkInput(identity, tokens, { reservationId: "a", cost: estimate(800) }));
    const peeked = await s.peek(peekInput(identity, tokens, { settles: [settleOf("a", 60)] }));
    expect(peeked.ok && peeked.rules[0]?.used).toBe(60);

    await evictDurableObject(s);
    await setClock(identity, t0 + 1_000);
    expect(await tokensUsed(identity)).toBe(60);
    // Settling it again changes nothing: the reservation is closed.
    const again = await s.settleAll({ projectId, identity, settles: [settleOf("a", 900)] });
    expect(again).toEqual({ ok: true, settled: 0 });
    expect(await tokensUsed(identity)).toBe(60);
  });

  it("drop a malformed settle with a log line, and still apply the others and answer", async () => {
    const identity = freshIdentity("carried-bad");
    const s = stub(identity);
    await setClock(identity, t0);
    await s.check(checkInput(identity, tokens, { reservationId: "a", cost: estimate(400) }));
    await s.check(checkInput(identity, tokens, { reservationId: "b", cost: estimate(400) }));
    const bad = { ...settleOf("a", 100), cost: { ...estimate(100), outputTokens: -5 } };
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const checked = await s.check(
      checkInput(identity, tokens, {
        reservationId: "c",
        cost: estimate(100),
        settles: [bad, settleOf("b", 20)],
      }),
    );
    expect(checked.ok && checked.decision.allowed).toBe(true);
    // "a" stays at its estimate (400), "b" is settled (20), "c" reserved (100).
    expect(checked.ok && checked.decision.rules[0]?.used).toBe(520);
    // The log line comes from inside the object; this isolate's console is the same one.
    const lines = logged.mock.calls.map((call) => String(call[0]));
    expect(lines.some((l) => l.includes("carried settle dropped") && l.includes("cost"))).toBe(
      true,
    );
  });

  it("can be sent on their own, together; an empty list is invalid input", async () => {
    const identity = freshIdentity("settle-all");
    const s = stub(identity);
    await setClock(identity, t0);
    await s.check(checkInput(identity, tokens, { reservationId: "a", cost: estimate(300) }));
    await s.check(checkInput(identity, tokens, { reservationId: "b", cost: estimate(300) }));
    const result = await s.settleAll({
      projectId,
      identity,
      settles: [settleOf("a", 10), settleOf("b", 30)],
    });
    expect(result).toEqual({ ok: true, settled: 2 });
    expect(await tokensUsed(identity)).toBe(40);
    const empty = await s.settleAll({ projectId, identity, settles: [] });
    expect(empty.ok).toBe(false);
    expect(!empty.ok && empty.error.issues[0]?.path).toBe("settles");
  });
});

describe("a request's identity limiter", () => {
  /** A queue whose waits end only when the test says so. */
  function manualQueue() {
    const waits: (() => void)[] = [];
    const queue = new SettleQueue(() => new Promise<void>((resolve) => waits.push(resolve)));
    const endWaits = async () => {
      for (const end of waits) end();
      for (let i = 0; i < 10; i++) await Promise.resolve();
    };
    return { queue, endWaits };
  }

  it("makes the identity's next check carry its settle, which is then not sent again", async () => {
    const identity = freshIdentity("limiter-carry");
    await setClock(identity, t0);
    const { queue, endWaits } = manualQueue();
    const later: Promise<unknown>[] = [];
    const limiter = identityLimiter(env.LIMITER, projectId, identity, queue);
    const first = await limiter.check(
      checkInput(identity, tokens, { reservationId: "a", cost: estimate(800) }),
      (p) => later.push(p),
    );
    expect(first.ok && first.decision.allowed).toBe(true);
    const settled = limiter.settle(settleOf("a", 100), 1_000);
    expect(queue.size).toBe(1);

    const next = identityLimiter(env.LIMITER, projectId, identity, queue);
    const second = await next.check(
      checkInput(identity, tokens, { reservationId: "b", cost: estimate(500) }),
      (p) => later.push(p),
    );
    expect(second.ok && second.decision.allowed).toBe(true);
    expect(second.ok && second.decision.rules[0]?.used).toBe(600);
    expect(queue.size).toBe(0);
    await endWaits();
    await settled;
    expect(later).toEqual([]);
    expect(await tokensUsed(identity)).toBe(600);
  });

  it("sends the settles a failed call took on their own, so none is lost", async () => {
    const identity = freshIdentity("limiter-resend");
    await setClock(identity, t0);
    const { queue } = manualQueue();
    const limiter = identityLimiter(env.LIMITER, projectId, identity, queue);
    const later: Promise<unknown>[] = [];
    await limiter.check(
      checkInput(identity, tokens, { reservationId: "a", cost: estimate(800) }),
      (p) => later.push(p),
    );
    void limiter.settle(settleOf("a", 100), 1_000);

    // A check the object rejects (model must not be empty) took the waiting settle.
    const rejected = await limiter.check(
      { ...checkInput(identity, tokens, { reservationId: "b" }), model: "" },
      (p) => later.push(p),
    );
    expect(rejected.ok).toBe(false);
    expect(queue.size).toBe(0);
    expect(later).toHaveLength(1);
    await Promise.all(later);
    expect(await tokensUsed(identity)).toBe(100);
  });
});
