import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createDb, latencyRollups, usageRollups } from "@floodgate/db";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { alarmRetryMs, type LimiterDO } from "../../src/limiter/limiter-do";
import { INLINE_RESERVATIONS } from "../../src/limiter/state-store";
import { MAX_PENDING_ROLLUP_ROWS, OTHER_MODELS } from "../../src/limiter/usage-ledger";
import {
  checkInput,
  freshIdentity,
  oneRequest,
  peekInput,
  perDay,
  perMinute,
  projectId,
  seedProject,
  setClock,
  stub,
} from "./helpers";

const t0 = Date.UTC(2026, 10, 24, 10, 0, 0);

beforeAll(seedProject);

/** Every key the object keeps in storage. */
function storedKeys(s: DurableObjectStub<LimiterDO>): Promise<string[]> {
  return runInDurableObject(s, (_i: LimiterDO, state) =>
    [...state.storage.kv.list()].map(([key]) => key),
  );
}

/** The identity's usage written to D1, summed over its rollups. */
async function rolledUp(identity: string) {
  const rows = await createDb(env.DB)
    .select()
    .from(usageRollups)
    .where(and(eq(usageRollups.projectId, projectId), eq(usageRollups.identity, identity)));
  return {
    requests: rows.reduce((sum, row) => sum + row.requests, 0),
    denied: rows.reduce((sum, row) => sum + row.denied, 0),
  };
}

describe("LimiterDO under a burst", () => {
  it("admits exactly the limit out of 500 concurrent checks", async () => {
    const identity = freshIdentity("burst");
    const s = stub(identity);
    const rules = [perMinute(100)];
    const results = await Promise.all(
      Array.from({ length: 500 }, () => s.check(checkInput(identity, rules))),
    );
    const allowed = results.filter((r) => r.ok && r.decision.allowed).length;
    expect(allowed).toBe(100);
    const denied = results.find((r) => r.ok && !r.decision.allowed);
    expect(denied?.ok && denied.decision.reason).toBe("limit");
    expect(denied?.ok && denied.decision.blockedBy?.id).toBe("rpm-requests");
    expect(denied?.ok && denied.decision.retryAfterMs).toBeGreaterThan(0);
  });

  it("keeps the sum of admitted token estimates within a token limit, with mixed costs", async () => {
    const identity = freshIdentity("tokens");
    const s = stub(identity);
    const rules = [perMinute(10_000, "tokens")];
    const costs = Array.from({ length: 500 }, (_, i) => ({
      requests: 1,
      inputTokens: 17 + ((i * 37) % 200),
      outputTokens: (i * 53) % 150,
      costMicroUsd: 0,
    }));
    const results = await Promise.all(
      costs.map((cost) => s.check(checkInput(identity, rules, { cost }))),
    );
    let admitted = 0;
    results.forEach((r, i) => {
      if (r.ok && r.decision.allowed)
        admitted += (costs[i]?.inputTokens ?? 0) + (costs[i]?.outputTokens ?? 0);
    });
    expect(admitted).toBeLessThanOrEqual(10_000);
    expect(admitted).toBeGreaterThan(10_000 - 400); // denied only once nothing more fits
  });
});

describe("LimiterDO state", () => {
  it("keeps counters and open reservations when the object is evicted", async () => {
    const identity = freshIdentity("persist");
    const rules = [perMinute(5)];
    let s = stub(identity);
    await setClock(identity, t0);
    const first = await s.check(checkInput(identity, rules, { reservationId: "r1" }));
    await s.check(checkInput(identity, rules, { reservationId: "r2" }));
    expect(first.ok && first.decision.allowed).toBe(true);

    await evictDurableObject(s);
    s = stub(identity);
    // a fresh instance, so its clock is the real one again until set
    expect(await runInDurableObject(s, (instance: LimiterDO) => instance.clock === Date.now)).toBe(
      true,
    );
    await setClock(identity, t0 + 1_000);
    const peeked = await s.peek(peekInput(identity, rules));
    expect(peeked.ok && peeked.rules[0]?.used).toBe(2);
    // the reservation survived: settling it works and moves the count
    const settled = await s.settle({
      projectId,
      identity,
      reservationId: "r1",
      model: "gpt-4o-mini",
      cost: { ...oneRequest, requests: 0 },
    });
    expect(settled.ok && settled.settled).toBe(true);
    const after = await s.peek(peekInput(identity, rules));
    expect(after.ok && after.rules[0]?.used).toBe(1);
  });

  it("has stored every answered call of a burst when the object is evicted", async () => {
    // Calls that arrive while a write commits are written together after it: each answer must
    // still wait for its own write.
    const identity = freshIdentity("group");
    let s = stub(identity);
    await setClock(identity, t0);
    const rules = [perMinute(1_000)];
    const ids = Array.from({ length: 200 }, (_, i) => `g${i}`);
    const checks = await Promise.all(
      ids.map((reservationId) => s.check(checkInput(identity, rules, { reservationId }))),
    );
    expect(checks.every((r) => r.ok && r.decision.allowed)).toBe(true);
    const settles = await Promise.all(
      ids.slice(0, 100).map((reservationId) =>
        s.settle({
          projectId,
          identity,
          reservationId,
          model: "gpt-4o-mini",
          cost: { ...oneRequest, requests: 0 },
        }),
      ),
    );
    expect(settles.every((r) => r.ok && r.settled)).toBe(true);

    await evictDurableObject(s);
    s = stub(identity);
    await setClock(identity, t0 + 1_000);
    const peeked = await s.peek(peekInput(identity, rules));
    // 100 settled at zero requests, 100 still reserved at their estimate
    expect(peeked.ok && peeked.rules[0]?.used).toBe(100);
    const open = await runInDurableObject(s, (_: LimiterDO, state: DurableObjectState) =>
      [...state.storage.kv.list({ prefix: "pending:" })].map(([key]) => key).sort(),
    );
    expect(open).toEqual(
      ids
        .slice(100)
        .map((id) => `pending:${id}`)
        .sort(),
    );
  });

  it("keeps the alarm's time beside the state, so a new instance need not ask for it", async () => {
    const identity = freshIdentity("alarm-at");
    let s = stub(identity);
    // In the future, so the alarms do not fire during the test.
    const t0 = Date.now() + 86_400_000;
    await setClock(identity, t0);
    await s.check(checkInput(identity, [perMinute(5)]));
    const stored = async () =>
      runInDurableObject(s, async (_: LimiterDO, state: DurableObjectState) => ({
        kept: state.storage.kv.get("alarmAt"),
        alarm: await state.storage.getAlarm(),
      }));
    const first = await stored();
    expect(first.kept).toBe(t0 + 15 * 60_000);
    expect(first.alarm).toBe(first.kept);

    // An object stored without the key: the new instance asks storage, and never sets the
    // alarm later than it is.
    await runInDurableObject(s, async (_: LimiterDO, state: DurableObjectState) => {
      state.storage.kv.delete("alarmAt");
      await state.storage.setAlarm(t0 + 5_000);
    });
    await evictDurableObject(s);
    s = stub(identity);
    await setClock(identity, t0 + 1_000);
    await s.check(checkInput(identity, [perMinute(5)]));
    expect((await stored()).alarm).toBe(t0 + 5_000);
  });

  it("keeps the usage of a rule the last call did not carry yet, through the alarm's compaction", async () => {
    // Right after a rule is added, isolates whose project config is older still send the rules
    // without it: the usage counted under the new rule must survive an alarm that follows them.
    const identity = freshIdentity("stale-rules");
    const s = stub(identity);
    await setClock(identity, t0);
    const before = [perMinute(100)];
    const after = [perMinute(100), perDay(3)];
    const closed = async (rules: typeof after, reservationId: string) => {
      await s.check(checkInput(identity, rules, { reservationId }));
      await s.settle({ projectId, identity, reservationId, model: null, cost: oneRequest });
    };
    for (const id of ["n1", "n2", "n3"]) await closed(after, id);
    await closed(before, "old");
    await setClock(identity, t0 + 20_000);
    expect(await runDurableObjectAlarm(s)).toBe(true);
    const next = await s.check(checkInput(identity, after));
    expect(next.ok && next.decision.allowed).toBe(false);
    expect(next.ok && next.decision.blockedBy?.id).toBe("day-requests");
  });

  it("settles up and down and refunds", async () => {
    const identity = freshIdentity("settle");
    const s = stub(identity);
    await setClock(identity, t0);
    const rules = [perMinute(1_000, "tokens")];
    const est = { requests: 1, inputTokens: 100, outputTokens: 100, costMicroUsd: 0 };
    await s.check(checkInput(identity, rules, { reservationId: "up", cost: est }));
    await s.check(checkInput(identity, rules, { reservationId: "down", cost: est }));
    await s.check(checkInput(identity, rules, { reservationId: "gone", cost: est }));
    const used = async () => {
      const p = await s.peek(peekInput(identity, rules));
      return p.ok ? p.rules[0]?.used : -1;
    };
    expect(await used()).toBe(600);
    await s.settle({
      projectId,
      identity,
      reservationId: "up",
      model: "m",
      cost: { ...est, outputTokens: 400 },
    });
    expect(await used()).toBe(900);
    await s.settle({
      projectId,
      identity,
      reservationId: "down",
      model: "m",
      cost: { ...est, outputTokens: 0 },
    });
    expect(await used()).toBe(800);
    const refunded = await s.refund({ projectId, identity, reservationId: "gone" });
    expect(refunded.ok && refunded.refunded).toBe(true);
    expect(await used()).toBe(600);
    // a second settle or refund of the same reservation changes nothing
    const again = await s.refund({ projectId, identity, reservationId: "gone" });
    expect(again.ok && again.refunded).toBe(false);
    expect(await used()).toBe(600);
  });

  it("closes a reservation never settled after the timeout, keeping its estimate", async () => {
    const identity = freshIdentity("expiry");
    const s = stub(identity);
    await setClock(identity, t0 + 50 * 60_000);
    const rules = [perDay(10)];
    const estimate = { requests: 3, inputTokens: 40, outputTokens: 200, costMicroUsd: 700 };
    await s.check(checkInput(identity, rules, { reservationId: "lost", cost: estimate }));
    await setClock(identity, t0 + 66 * 60_000);
    expect(await runDurableObjectAlarm(s)).toBe(true);
    // The usage reports count its estimate too, as the limits do: under the model it named, in
    // the hour it was made (not the next one, when it expired).
    const rows = await createDb(env.DB)
      .select()
      .from(usageRollups)
      .where(and(eq(usageRollups.projectId, projectId), eq(usageRollups.identity, identity)));
    expect(rows).toEqual([
      expect.objectContaining({ model: "gpt-4o-mini", hourStart: t0, ...estimate, denied: 0 }),
    ]);
    const late = await s.settle({
      projectId,
      identity,
      reservationId: "lost",
      model: null,
      cost: oneRequest,
    });
    expect(late.ok && late.settled).toBe(false);
    const p = await s.peek(peekInput(identity, rules));
    expect(p.ok && p.rules[0]?.used).toBe(3);
  });

  it("frees a rolling window gradually and a calendar day at midnight", async () => {
    const identity = freshIdentity("windows");
    const s = stub(identity);
    const rolling = [perMinute(3)];
    for (let i = 0; i < 3; i++) {
      await setClock(identity, t0 + i * 20_000);
      const r = await s.check(checkInput(identity, rolling));
      expect(r.ok && r.decision.allowed).toBe(true);
    }
    await setClock(identity, t0 + 50_000);
    const denied = await s.check(checkInput(identity, rolling));
    expect(denied.ok && denied.decision.allowed).toBe(false);
    // the first request slides out after a minute (bucket 1 s): capacity for exactly one more
    const retry = denied.ok ? (denied.decision.retryAfterMs ?? 0) : 0;
    expect(retry).toBeGreaterThan(9_000);
    expect(retry).toBeLessThanOrEqual(11_000);
    await setClock(identity, t0 + 50_000 + retry);
    expect((await s.check(checkInput(identity, rolling))).ok).toBe(true);
    const again = await s.check(checkInput(identity, rolling));
    expect(again.ok && again.decision.allowed).toBe(false);

    const dayIdentity = freshIdentity("calendar");
    const d = stub(dayIdentity);
    const daily = [perDay(2, "requests", "Europe/Berlin")];
    const beforeMidnightBerlin = Date.UTC(2026, 10, 24, 22, 59, 0); // 23:59 in Berlin (UTC+1)
    await setClock(dayIdentity, beforeMidnightBerlin);
    await d.check(checkInput(dayIdentity, daily));
    await d.check(checkInput(dayIdentity, daily));
    const full = await d.check(checkInput(dayIdentity, daily));
    expect(full.ok && full.decision.allowed).toBe(false);
    expect(full.ok && full.decision.retryAfterMs).toBe(60_000);
    expect(full.ok && full.decision.blockedBy?.resetAt).toBe(Date.UTC(2026, 10, 24, 23, 0, 0));
    await setClock(dayIdentity, Date.UTC(2026, 10, 24, 23, 0, 0));
    const fresh = await d.check(checkInput(dayIdentity, daily));
    expect(fresh.ok && fresh.decision.allowed).toBe(true);
  });
});

describe("LimiterDO identity extras", () => {
  it("spends gifted requests before the regular allowance", async () => {
    const identity = freshIdentity("gift");
    const s = stub(identity);
    await setClock(identity, t0);
    const rules = [perDay(2)];
    const gifted = await s.gift({ projectId, identity, requests: 3, reason: "support" });
    expect(gifted.ok && gifted.identity.gift.requests).toBe(3);
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await s.check(checkInput(identity, rules)));
    expect(results.map((r) => r.ok && r.decision.allowed)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    const first = results[0];
    expect(first?.ok && first.decision.reservation?.gifted.requests).toBe(1);
    const fourth = results[3];
    expect(fourth?.ok && fourth.decision.reservation?.gifted.requests).toBe(0);
  });

  it("admits everything during a promo and still counts it", async () => {
    const identity = freshIdentity("promo");
    const s = stub(identity);
    await setClock(identity, t0);
    const rules = [perDay(1)];
    await s.promo({ projectId, identity, unlimitedUntil: t0 + 3_600_000 });
    for (let i = 0; i < 3; i++) {
      const r = await s.check(checkInput(identity, rules));
      expect(r.ok && r.decision.allowed && r.decision.promo).toBe(true);
    }
    const p = await s.peek(peekInput(identity, rules));
    expect(p.ok && p.rules[0]?.used).toBe(3);
    await setClock(identity, t0 + 3_600_001);
    const after = await s.check(checkInput(identity, rules));
    expect(after.ok && after.decision.allowed).toBe(false);
  });

  it("denies a disabled identity with its own reason, and resets a period on demand", async () => {
    const identity = freshIdentity("disabled");
    const s = stub(identity);
    await setClock(identity, t0);
    const rules = [perDay(1)];
    await s.check(checkInput(identity, rules));
    await s.setDisabled({ projectId, identity, disabled: true });
    const denied = await s.check(checkInput(identity, rules));
    expect(denied.ok && denied.decision.reason).toBe("disabled");
    expect(denied.ok && denied.decision.retryAfterMs).toBeNull();
    await s.setDisabled({ projectId, identity, disabled: false });
    const full = await s.check(checkInput(identity, rules));
    expect(full.ok && full.decision.reason).toBe("limit");
    await s.reset({ projectId, identity, metrics: ["requests"] });
    const fresh = await s.check(checkInput(identity, rules));
    expect(fresh.ok && fresh.decision.allowed).toBe(true);
  });

  it("resolves the tier: token claim › identity record › client › fallback", async () => {
    const identity = freshIdentity("tier");
    const s = stub(identity);
    const rules = [
      { ...perDay(1), id: "free-day", scope: { tier: "free" } },
      { ...perDay(5), id: "pro-day", scope: { tier: "pro" } },
    ];
    const tierOf = async (
      tier: { claimed: string | null; client: string | null; fallback: string | null },
      projectTiers = ["free", "pro"],
    ) => {
      const r = await s.peek(peekInput(identity, rules, { tier: { ...tier, projectTiers } }));
      return r.ok ? [r.tier, r.rules[0]?.id] : null;
    };
    expect(await tierOf({ claimed: null, client: null, fallback: "free" })).toEqual([
      "free",
      "free-day",
    ]);
    expect(await tierOf({ claimed: null, client: "pro", fallback: "free" })).toEqual([
      "pro",
      "pro-day",
    ]);
    await s.configure({ projectId, identity, tier: "free" });
    expect(await tierOf({ claimed: null, client: "pro", fallback: "free" })).toEqual([
      "free",
      "free-day",
    ]);
    expect(await tierOf({ claimed: "pro", client: null, fallback: "free" })).toEqual([
      "pro",
      "pro-day",
    ]);
    // The record's tier was deleted from the project: the next source decides, not no tier.
    await s.configure({ projectId, identity, tier: "pro" });
    expect(await tierOf({ claimed: null, client: null, fallback: "free" }, ["free"])).toEqual([
      "free",
      "free-day",
    ]);
    expect(await tierOf({ claimed: null, client: null, fallback: "free" })).toEqual([
      "pro",
      "pro-day",
    ]);
  });

  it("lets identity overrides win over the project's rules of the same slot", async () => {
    const identity = freshIdentity("override");
    const s = stub(identity);
    await setClock(identity, t0);
    const rules = [perDay(1)];
    const configured = await s.configure({
      projectId,
      identity,
      overrides: [{ ...perDay(3), id: "vip" }],
    });
    expect(configured.ok && configured.identity.overrides[0]?.scope.identity).toBe(true);
    const allowed = [];
    for (let i = 0; i < 4; i++) {
      const r = await s.check(checkInput(identity, rules));
      allowed.push(r.ok && r.decision.allowed);
    }
    expect(allowed).toEqual([true, true, true, false]);
  });
});

describe("LimiterDO rollups", () => {
  it("flushes settled usage and denied counts to D1 in one alarm, mirroring the identity", async () => {
    const identity = freshIdentity("rollup");
    const s = stub(identity);
    await setClock(identity, t0);
    const rules = [perDay(3)];
    const costs = [
      { requests: 1, inputTokens: 10, outputTokens: 20, costMicroUsd: 30 },
      { requests: 1, inputTokens: 1, outputTokens: 2, costMicroUsd: 3 },
      { requests: 1, inputTokens: 5, outputTokens: 5, costMicroUsd: 5 },
    ];
    for (const [i, cost] of costs.entries()) {
      await s.check(checkInput(identity, rules, { reservationId: `r${i}` }));
      await s.settle({ projectId, identity, reservationId: `r${i}`, model: "gpt-4o-mini", cost });
    }
    await s.check(checkInput(identity, rules));
    await s.check(checkInput(identity, rules));
    const db = createDb(env.DB);
    const before = await db.select().from(usageRollups).where(eq(usageRollups.identity, identity));
    expect(before).toHaveLength(0); // nothing written per request
    expect(await runDurableObjectAlarm(s)).toBe(true);
    const rows = await db
      .select()
      .from(usageRollups)
      .where(and(eq(usageRollups.projectId, projectId), eq(usageRollups.identity, identity)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      model: "gpt-4o-mini",
      hourStart: Date.UTC(2026, 10, 24, 10),
      requests: 3,
      inputTokens: 16,
      outputTokens: 27,
      costMicroUsd: 38,
      denied: 2,
      upstreamErrors: 0,
    });
    const mirror = await env.DB.prepare("SELECT * FROM identities WHERE identity = ?")
      .bind(identity)
      .first();
    expect(mirror).toMatchObject({
      project_id: projectId,
      disabled: 0,
      first_seen_at: t0,
      last_seen_at: t0,
    });
  });

  it("erases an identity after writing its rollups, open reservations at their estimate", async () => {
    const identity = freshIdentity("erase");
    const s = stub(identity);
    const at = Date.UTC(2026, 10, 27, 11); // an hour no other test of this file writes
    await setClock(identity, at);
    const rules = [perDay(100)];
    const estimate = { requests: 1, inputTokens: 5, outputTokens: 7, costMicroUsd: 9 };
    await s.check(checkInput(identity, rules, { reservationId: "done", cost: estimate }));
    await s.settle({
      projectId,
      identity,
      reservationId: "done",
      model: "gpt-4o-mini",
      cost: oneRequest,
    });
    await s.check(checkInput(identity, rules, { reservationId: "in-flight", cost: estimate }));
    expect(await s.erase()).toEqual({ ok: true });
    const rows = await createDb(env.DB)
      .select()
      .from(usageRollups)
      .where(and(eq(usageRollups.projectId, projectId), eq(usageRollups.identity, identity)))
      .orderBy(asc(usageRollups.model));
    expect(
      rows.map(({ model, requests, inputTokens, outputTokens, costMicroUsd }) => ({
        model,
        requests,
        inputTokens,
        outputTokens,
        costMicroUsd,
      })),
    ).toEqual([
      // The one settled, and the one in flight: its settle will find nothing, so its estimate
      // is what it used, under its model.
      { model: "gpt-4o-mini", requests: 2, inputTokens: 5, outputTokens: 7, costMicroUsd: 9 },
    ]);
    expect(await storedKeys(s)).toEqual([]);
  });

  it("keeps nothing for a settle, refund or carried settle that reaches an erased identity", async () => {
    const identity = freshIdentity("erased-late");
    const s = stub(identity);
    const rules = [perDay(100)];
    for (const reservationId of ["a", "b", "c", "d"])
      await s.check(checkInput(identity, rules, { reservationId }));
    await s.erase();
    const owner = { projectId, identity };
    const late = { reservationId: "a", model: null, cost: oneRequest };
    expect(await s.settle({ ...owner, ...late })).toEqual({ ok: true, settled: false });
    expect(await s.settleAll({ ...owner, settles: [{ ...late, reservationId: "b" }] })).toEqual({
      ok: true,
      settled: 0,
    });
    expect(await s.refund({ ...owner, reservationId: "c" })).toEqual({ ok: true, refunded: false });
    const looked = await s.peek(
      peekInput(identity, rules, { settles: [{ ...late, reservationId: "d" }] }),
    );
    expect(looked.ok && looked.rules[0]?.used).toBe(0);
    expect(await storedKeys(s)).toEqual([]);
  });

  it("retires an identity: erased now, and again by its alarm after calls that came late", async () => {
    const identity = freshIdentity("retire");
    const s = stub(identity);
    const at = Date.UTC(2026, 10, 27, 12); // an hour no other test of this file writes
    const rules = [perDay(100)];
    await setClock(identity, at);
    await s.check(checkInput(identity, rules));
    expect(await s.retire()).toEqual({ ok: true });
    // A call let through by a stale copy of a revoked key, a minute later.
    await setClock(identity, at + 60_000);
    await s.check(checkInput(identity, rules, { reservationId: "late" }));
    // A flush on the way keeps the time of the erasure.
    await setClock(identity, at + 2 * 60_000);
    expect(await runDurableObjectAlarm(s)).toBe(true);
    await setClock(identity, at + 15 * 60_000);
    expect(await runDurableObjectAlarm(s)).toBe(true);
    const kept = await runInDurableObject(s, async (_i: LimiterDO, state) => ({
      keys: [...state.storage.kv.list()].map(([key]) => key),
      alarm: await state.storage.getAlarm(),
    }));
    expect(kept).toEqual({ keys: [], alarm: null });
    expect(await rolledUp(identity)).toMatchObject({ requests: 2 });
  });

  it("keeps the rollups when D1 fails, and sets its next alarm itself", async () => {
    const identity = freshIdentity("d1-down");
    const s = stub(identity);
    const at = Date.UTC(2026, 10, 27, 13); // an hour no other test of this file writes
    await setClock(identity, at);
    await s.check(checkInput(identity, [perDay(0)]));
    type Flushing = { flush(): Promise<void> };
    await runInDurableObject(s, (instance: LimiterDO) => {
      (instance as unknown as Flushing).flush = () => Promise.reject(new Error("D1 down"));
    });
    expect(await runDurableObjectAlarm(s)).toBe(true);
    const after = await runInDurableObject(s, async (instance: LimiterDO, state) => {
      delete (instance as unknown as Partial<Flushing>).flush;
      return {
        alarm: await state.storage.getAlarm(),
        rows: Object.keys(state.storage.kv.get<object>("rollups") ?? {}),
      };
    });
    expect(after).toEqual({ alarm: at + alarmRetryMs, rows: [`gpt-4o-mini|${at}`] });
    expect(await runDurableObjectAlarm(s)).toBe(true);
    expect(await rolledUp(identity)).toMatchObject({ denied: 1 });
  });

  it("keeps at most MAX_PENDING_ROLLUP_ROWS models waiting, counting later ones as (other)", async () => {
    const identity = freshIdentity("many-models");
    const s = stub(identity);
    await setClock(identity, Date.UTC(2026, 10, 26, 9)); // an hour no other test of this file writes
    const rules = [perDay(0)];
    const models = Array.from({ length: MAX_PENDING_ROLLUP_ROWS + 44 }, (_, i) => `made-up-${i}`);
    for (const model of models) {
      const denied = await s.check(checkInput(identity, rules, { model }));
      expect(denied.ok && denied.decision.allowed).toBe(false);
    }
    const stored = await runInDurableObject(
      s,
      (_i: LimiterDO, state) => Object.keys(state.storage.kv.get<object>("rollups") ?? {}).length,
    );
    expect(stored).toBe(MAX_PENDING_ROLLUP_ROWS + 1);
    expect(await runDurableObjectAlarm(s)).toBe(true);
    const rows = await createDb(env.DB)
      .select()
      .from(usageRollups)
      .where(and(eq(usageRollups.projectId, projectId), eq(usageRollups.identity, identity)));
    expect(rows).toHaveLength(MAX_PENDING_ROLLUP_ROWS + 1);
    // Nothing is lost: every denial is counted, the last 44 under one name.
    expect(rows.reduce((sum, r) => sum + r.denied, 0)).toBe(models.length);
    expect(rows.find((r) => r.model === OTHER_MODELS)?.denied).toBe(44);
  });

  it("counts upstream errors and a latency histogram, flushed in the same alarm as the usage", async () => {
    const identity = freshIdentity("metrics");
    const s = stub(identity);
    const hour = Date.UTC(2026, 10, 25, 14); // an hour no other test of this file writes
    await setClock(identity, hour + 10 * 60_000);
    const rules = [perDay(100)];
    for (const id of ["ok", "slow", "bad-gateway", "timeout", "refused", "unreachable"]) {
      await s.check(checkInput(identity, rules, { reservationId: id }));
    }
    const owner = { projectId, identity, model: "gpt-4o-mini" };
    const cost = { requests: 1, inputTokens: 10, outputTokens: 5, costMicroUsd: 2 };
    const results = [
      await s.settle({ ...owner, reservationId: "ok", cost, latencyMs: 20 }),
      await s.settle({ ...owner, reservationId: "slow", cost, latencyMs: 120 }),
      // The gateway passes an origin's 5xx on and still counts the request.
      await s.settle({
        ...owner,
        reservationId: "bad-gateway",
        cost,
        latencyMs: 250,
        upstreamError: true,
      }),
      await s.refund({
        ...owner,
        reservationId: "timeout",
        latencyMs: 30_000,
        upstreamError: true,
      }),
      await s.refund({ ...owner, reservationId: "refused", latencyMs: 26 }),
      await s.refund({ ...owner, reservationId: "unreachable", upstreamError: true }),
      // Closing a reservation twice counts nothing more.
      await s.settle({ ...owner, reservationId: "ok", cost, latencyMs: 20, upstreamError: true }),
      await s.refund({ ...owner, reservationId: "timeout", latencyMs: 5, upstreamError: true }),
    ];
    expect(results).toEqual([
      { ok: true, settled: true },
      { ok: true, settled: true },
      { ok: true, settled: true },
      { ok: true, refunded: true },
      { ok: true, refunded: true },
      { ok: true, refunded: true },
      { ok: true, settled: false },
      { ok: true, refunded: false },
    ]);

    const db = createDb(env.DB);
    const histogram = () =>
      db
        .select({ bucketLeMs: latencyRollups.bucketLeMs, count: latencyRollups.count })
        .from(latencyRollups)
        .where(and(eq(latencyRollups.projectId, projectId), eq(latencyRollups.hourStart, hour)))
        .orderBy(asc(latencyRollups.bucketLeMs));
    const usage = () =>
      db
        .select()
        .from(usageRollups)
        .where(and(eq(usageRollups.projectId, projectId), eq(usageRollups.identity, identity)));
    expect(await histogram()).toEqual([]); // nothing written per request
    expect(await runDurableObjectAlarm(s)).toBe(true);
    expect(await usage()).toEqual([
      {
        projectId,
        identity,
        model: "gpt-4o-mini",
        hourStart: hour,
        requests: 3,
        inputTokens: 30,
        outputTokens: 15,
        costMicroUsd: 6,
        denied: 0,
        upstreamErrors: 3,
      },
    ]);
    expect(await histogram()).toEqual([
      { bucketLeMs: 25, count: 1 },
      { bucketLeMs: 50, count: 1 },
      { bucketLeMs: 250, count: 2 },
      { bucketLeMs: 30_000, count: 1 },
    ]);

    // A second flush adds only what came since: the first one cleared what it wrote.
    await s.check(checkInput(identity, rules, { reservationId: "later" }));
    await s.refund({ ...owner, reservationId: "later", latencyMs: 24, upstreamError: true });
    expect(await runDurableObjectAlarm(s)).toBe(true);
    expect(await usage()).toEqual([expect.objectContaining({ requests: 3, upstreamErrors: 4 })]);
    expect((await histogram())[0]).toEqual({ bucketLeMs: 25, count: 2 });
    expect(await runDurableObjectAlarm(s)).toBe(false);
  });

  it("keeps what arrives while a flush is in flight, and survives eviction before the flush", async () => {
    const identity = freshIdentity("inflight");
    let s = stub(identity);
    const hour = Date.UTC(2026, 10, 26, 9);
    await setClock(identity, hour);
    const rules = [perDay(100)];
    const owner = { projectId, identity, model: null };
    for (let i = 0; i < 4; i++)
      await s.check(checkInput(identity, rules, { reservationId: `r${i}` }));
    await s.refund({ ...owner, reservationId: "r0", latencyMs: 700, upstreamError: true });
    await evictDurableObject(s);
    s = stub(identity);
    await setClock(identity, hour);
    await runInDurableObject(s, async (instance: LimiterDO) => {
      // The alarm runs synchronously up to its D1 batch; these land while the batch is in flight.
      const alarm = instance.alarm();
      for (const id of ["r1", "r2"]) {
        instance.refund({ ...owner, reservationId: id, latencyMs: 700, upstreamError: true });
      }
      await alarm;
    });
    await s.refund({ ...owner, reservationId: "r3", latencyMs: 700, upstreamError: true });
    await runDurableObjectAlarm(s);
    const errors = await env.DB.prepare(
      "SELECT sum(upstream_errors) AS n FROM usage_rollups WHERE identity = ?",
    )
      .bind(identity)
      .first<{ n: number }>();
    expect(errors?.n).toBe(4);
    const bucket = await env.DB.prepare(
      "SELECT count FROM latency_rollups WHERE project_id = ? AND hour_start = ? AND bucket_le_ms = 1000",
    )
      .bind(projectId, hour)
      .first<{ count: number }>();
    expect(bucket?.count).toBe(4);
  });
});

describe("LimiterDO sessions", () => {
  const sessionRule = { ...perMinute(2), id: "session:requests:60000ms" };

  it("limits each session beside the identity, and a session's denial consumes nothing", async () => {
    const identity = freshIdentity("session");
    const s = stub(identity);
    await setClock(identity, t0);
    const rules = [perDay(10)];
    const ask = (session: string) =>
      s.check(checkInput(identity, rules, { session, sessionRules: [sessionRule] }));
    const a = [await ask("a"), await ask("a"), await ask("a")];
    expect(a.map((r) => r.ok && r.decision.allowed)).toEqual([true, true, false]);
    const denied = a[2];
    expect(denied?.ok && denied.decision.blockedBy?.id).toBe("session:requests:60000ms");
    expect(denied?.ok && denied.decision.rules.find((r) => r.id === "day-requests")?.used).toBe(2);
    expect((await ask("b")).ok).toBe(true);
    const peeked = await s.peek(peekInput(identity, rules));
    expect(peeked.ok && peeked.rules[0]?.used).toBe(3);
  });

  it("settles and refunds a session's reservation together with the identity's, and keeps it across eviction", async () => {
    const identity = freshIdentity("session-settle");
    let s = stub(identity);
    await setClock(identity, t0);
    const rules = [perDay(10)];
    const sessionRules = [sessionRule];
    await s.check(checkInput(identity, rules, { reservationId: "x", session: "a", sessionRules }));
    await s.check(checkInput(identity, rules, { reservationId: "y", session: "a", sessionRules }));
    await s.refund({ projectId, identity, reservationId: "y", session: "a" });
    await evictDurableObject(s);
    s = stub(identity);
    await setClock(identity, t0 + 1_000);
    const sessionUsage = await s.peek(peekInput(identity, rules, { session: "a", sessionRules }));
    expect(sessionUsage.ok && sessionUsage.rules.map((r) => r.used)).toEqual([1, 1]);
    const settled = await s.settle({
      projectId,
      identity,
      reservationId: "x",
      session: "a",
      model: "m",
      cost: { ...oneRequest, requests: 0 },
    });
    expect(settled.ok && settled.settled).toBe(true);
    const after = await s.peek(peekInput(identity, rules, { session: "a", sessionRules }));
    expect(after.ok && after.rules.map((r) => r.used)).toEqual([0, 0]);
  });
});

describe("LimiterDO session storage", () => {
  const sessionRules = [{ ...perMinute(5), id: "session:requests:60000ms" }];
  it("keeps sessions whose ids look like another's storage keys apart, also across eviction", async () => {
    const identity = freshIdentity("session-keys");
    let s = stub(identity);
    await setClock(identity, t0);
    const rules = [perDay(100)];
    const ask = (session: string, reservationId: string) =>
      s.check(checkInput(identity, rules, { reservationId, session, sessionRules }));
    // An id that reads like session "a"'s reservation keys, and ones with the escape characters.
    for (const [i, session] of ["a:pending:z", "a:state", "a%3A", "a%"].entries()) {
      expect((await ask(session, `odd-${i}`)).ok).toBe(true);
    }
    await evictDurableObject(s);
    s = stub(identity);
    await setClock(identity, t0 + 1_000);
    const checked = await ask("a", "own");
    expect(checked.ok && checked.decision.allowed).toBe(true);
    for (const session of ["a", "a:pending:z", "a:state", "a%3A", "a%"]) {
      const usage = await s.peek(peekInput(identity, rules, { session, sessionRules }));
      // The identity's rule counts all five calls; each session only its own.
      expect(usage.ok && usage.rules.map((r) => r.used), session).toEqual([5, 1]);
    }
    // Compaction finds every session by its key, and keeps them all while their windows hold.
    await runInDurableObject(s, async (instance: LimiterDO) => {
      await instance.alarm();
    });
    const keys = await runInDurableObject(s, (_i: LimiterDO, state) =>
      [...state.storage.kv.list({ prefix: "session:" })].map(([k]) => k).sort(),
    );
    expect(keys).toEqual(
      [
        "session:a%25:state",
        "session:a%253A:state",
        "session:a%3Apending%3Az:state",
        "session:a%3Astate:state",
        "session:a:state",
      ].sort(),
    );
  });
  it("closes a session's reservation never settled with the identity's, then drops the session", async () => {
    const identity = freshIdentity("session-lost");
    let s = stub(identity);
    await setClock(identity, t0);
    const rules = [perDay(100)];
    await s.check(
      checkInput(identity, rules, { reservationId: "lost", session: "a", sessionRules }),
    );
    // The alarm comes to a new instance, which has not seen the rules.
    await evictDurableObject(s);
    s = stub(identity);
    await setClock(identity, t0 + 16 * 60_000);
    expect(await runDurableObjectAlarm(s)).toBe(true);
    const stored = await runInDurableObject(s, (_i: LimiterDO, state) => ({
      identity: state.storage.kv.get<{ pending: unknown[] }>("state")?.pending.length,
      sessions: [...state.storage.kv.list({ prefix: "session:" })].map(([k]) => k),
    }));
    // The minute has passed and the reservation is closed: nothing is left of the session.
    expect(stored).toEqual({ identity: 0, sessions: [] });
  });
});

describe("LimiterDO storage of open reservations", () => {
  it("keeps a few inside the state's record, and gives each a key of its own when more are open", async () => {
    const identity = freshIdentity("inline");
    let s = stub(identity);
    await setClock(identity, t0);
    const rules = [perDay(1_000)];
    const stored = () =>
      runInDurableObject(s, (_i: LimiterDO, state) => ({
        inline: (state.storage.kv.get<{ pending: { id: string }[] }>("state")?.pending ?? []).map(
          (r) => r.id,
        ),
        own: [...state.storage.kv.list({ prefix: "pending:" })].map(([k]) => k),
      }));
    const settle = (reservationId: string) =>
      s.settle({ projectId, identity, reservationId, model: null, cost: oneRequest });
    const open = (ids: string[]) =>
      Promise.all(
        ids.map((reservationId) => s.check(checkInput(identity, rules, { reservationId }))),
      );

    await open(["a", "b", "c"]);
    expect(await stored()).toEqual({ inline: ["a", "b", "c"], own: [] });
    await evictDurableObject(s);
    s = stub(identity);
    await setClock(identity, t0);
    expect((await settle("b")).ok).toBe(true);
    expect(await stored()).toEqual({ inline: ["a", "c"], own: [] });

    const more = Array.from({ length: INLINE_RESERVATIONS }, (_, i) => `m${i}`);
    await open(more);
    const spread = await stored();
    expect(spread.inline).toEqual([]);
    expect(spread.own.sort()).toEqual(["a", "c", ...more].map((id) => `pending:${id}`).sort());
    await evictDurableObject(s);
    s = stub(identity);
    await setClock(identity, t0);
    for (const id of ["a", "c", ...more])
      expect(await settle(id)).toEqual({ ok: true, settled: true });
    expect(await stored()).toEqual({ inline: [], own: [] });
    await open(["z"]);
    expect(await stored()).toEqual({ inline: ["z"], own: [] });
    const used = await s.peek(peekInput(identity, rules));
    expect(used.ok && used.rules[0]?.used).toBe(3 + INLINE_RESERVATIONS + 1);
  });

  it("stores each reservation under its own key and drops the oldest when the list is full", async () => {
    const identity = freshIdentity("full");
    let s = stub(identity);
    await setClock(identity, t0);
    const rules = [perDay(1_000_000)];
    for (let i = 0; i < 1_002; i++)
      await s.check(checkInput(identity, rules, { reservationId: `r${i}` }));
    const keys = await runInDurableObject(s, (_i: LimiterDO, state) =>
      [...state.storage.kv.list({ prefix: "pending:" })].map(([k]) => k),
    );
    expect(keys).toHaveLength(1_000);
    expect(keys).not.toContain("pending:r0");
    expect(keys).not.toContain("pending:r1");
    expect(keys).toContain("pending:r1001");
    await evictDurableObject(s);
    s = stub(identity);
    const oldest = await s.settle({
      projectId,
      identity,
      reservationId: "r1",
      model: null,
      cost: oneRequest,
    });
    const newest = await s.settle({
      projectId,
      identity,
      reservationId: "r1001",
      model: null,
      cost: oneRequest,
    });
    expect(oldest.ok && oldest.settled).toBe(false);
    expect(newest.ok && newest.settled).toBe(true);
  });

  it("counts the estimate of a reservation dropped from a full list in the rollups", async () => {
    const identity = freshIdentity("full-rollup");
    const s = stub(identity);
    const at = Date.UTC(2026, 10, 27, 9); // an hour no other test of this file writes
    await setClock(identity, at);
    const rules = [perDay(1_000_000)];
    const estimate = { requests: 1, inputTokens: 7, outputTokens: 11, costMicroUsd: 13 };
    for (let i = 0; i < 1_002; i++)
      await s.check(checkInput(identity, rules, { reservationId: `r${i}`, cost: estimate }));
    expect(await runDurableObjectAlarm(s)).toBe(true);
    const rows = await createDb(env.DB)
      .select()
      .from(usageRollups)
      .where(and(eq(usageRollups.projectId, projectId), eq(usageRollups.identity, identity)));
    // r0 and r1 made room: no settle can reach them any more, their estimate stays, as on expiry.
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      model: "gpt-4o-mini",
      hourStart: at,
      requests: 2,
      inputTokens: 14,
      outputTokens: 22,
      costMicroUsd: 26,
      denied: 0,
    });
  });
});
