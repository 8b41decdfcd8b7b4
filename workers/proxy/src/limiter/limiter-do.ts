import { DurableObject } from "cloudflare:workers";
import { createDb, type Db, identities, projects } from "@floodgate/db";
import {
  addGift,
  checkAndReserve,
  compactState,
  type Decision,
  expireReservations,
  type LimiterState,
  peek,
  type Reservation,
  type Rule,
  type RuleUsage,
  refund,
  resetPeriod,
  setDisabled,
  setPromo,
  settle,
} from "@floodgate/ratelimit";
import { eq, sql } from "drizzle-orm";
import { GroupCommit } from "./group-commit";
import {
  type CheckInput,
  type ConfigureInput,
  carriedSettleSchema,
  checkInputSchema,
  configureInputSchema,
  type DescribeInput,
  type DescribeOutput,
  describeInputSchema,
  type GiftInput,
  giftInputSchema,
  type IdentityView,
  type ParsedSettle,
  type PeekInput,
  type PromoInput,
  parseInput,
  peekInputSchema,
  promoInputSchema,
  type RefundInput,
  type ResetInput,
  type RpcResult,
  refundInputSchema,
  resetInputSchema,
  type SetDisabledInput,
  type SettleAllInput,
  type SettleInput,
  setDisabledInputSchema,
  settleAllInputSchema,
  settleInputSchema,
  type TierInput,
} from "./limiter-rpc";
import { StateStore } from "./state-store";
import { type UsageDelta, UsageLedger } from "./usage-ledger";

/** Default of `ROLLUP_FLUSH_DELAY_MS`: how long after the first unflushed change the alarm writes rollups to D1. */
export const defaultRollupFlushDelayMs = 15_000;

function flushDelayMs(value: unknown): number {
  const ms = Number(value);
  return Number.isInteger(ms) && ms >= 100 && ms <= 300_000 ? ms : defaultRollupFlushDelayMs;
}
/**
 * Key prefix of a session's counters: `session:<id>:`, with `%` and `:` in the id escaped, so no
 * session's keys fall under another's prefix (a session `a:pending:x` beside a session `a`).
 */
function sessionPrefix(id: string): string {
  return `session:${id.replace(/[%:]/g, (c) => (c === "%" ? "%25" : "%3A"))}:`;
}

/** The session id of a session's `…:state` key. */
function sessionIdOf(stateKey: string): string {
  return stateKey
    .slice("session:".length, -":state".length)
    .replace(/%25|%3A/g, (e) => (e === "%25" ? "%" : ":"));
}

/** A reservation never settled counts its estimate and is closed after this long. */
export const reservationTimeoutMs = 15 * 60_000;

/** After an alarm failed (D1 down), the next one comes this much later. */
export const alarmRetryMs = 60_000;

interface Meta {
  projectId: string;
  identity: string;
  tier: string | null;
  overrides: Rule[];
  lastSeenAt: number | null;
}

/** The record of an identity the object has not kept anything for yet. */
function newMeta(owner: { projectId: string; identity: string }): Meta {
  return {
    projectId: owner.projectId,
    identity: owner.identity,
    tier: null,
    overrides: [],
    lastSeenAt: null,
  };
}

/**
 * One per (project, identity): that identity's live counters, the authority for its limits.
 * Thin over `@floodgate/ratelimit`: it validates inputs, runs the pure functions on the state it
 * keeps in memory (synchronously, so each call is atomic), persists what changed before it
 * answers (calls that arrive while a write commits are written together: `GroupCommit`), keeps
 * per-session counters beside the identity's, and flushes usage rollups and the latency
 * histogram to D1 in one batch from an alarm.
 */
export class LimiterDO extends DurableObject<Env> {
  private identity: StateStore;
  /** Session counters, loaded on first use. */
  private readonly sessions = new Map<string, StateStore>();
  private meta: Meta | null;
  private readonly ledger: UsageLedger;
  private readonly commits: GroupCommit;
  /** The clock (epoch ms). Tests replace it through `runInDurableObject` to move time. */
  clock: () => number = Date.now;

  /**
   * When the alarm is set for, epoch ms. Kept beside the state (key `alarmAt`, written with each
   * `setAlarm`), so neither the hot path nor a new object has to ask storage for the alarm.
   */
  private alarmAt: number | null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const kv = ctx.storage.kv;
    this.identity = new StateStore(kv);
    this.meta = kv.get<Meta>("meta") ?? null;
    this.ledger = new UsageLedger(kv);
    this.commits = new GroupCommit(ctx.storage, () => this.writeChanges());
    const alarmAt = kv.get<number | null>("alarmAt");
    this.alarmAt = alarmAt ?? null;
    if (alarmAt === undefined && this.meta) {
      // Stored before the alarm was kept beside the state: ask once.
      void ctx.blockConcurrencyWhile(async () => {
        this.alarmAt = await ctx.storage.getAlarm();
      });
    }
  }

  private get state(): LimiterState {
    return this.identity.state;
  }

  /**
   * Check-and-reserve: admits the request and reserves its estimate against the identity's rules
   * and, with a session, the session's rules — or denies it, consuming nothing.
   */
  async check(input: CheckInput): Promise<RpcResult<{ decision: Decision; tier: string | null }>> {
    const parsed = parseInput(checkInputSchema, input);
    if (!parsed.ok) return parsed;
    const { rules, model, cost, reservationId, session, sessionRules } = parsed.value;
    const now = this.clock();
    const meta = this.owner(parsed.value);
    meta.lastSeenAt = now;
    this.settleCarried(parsed.value.settles, now);
    const tier = this.effectiveTier(parsed.value.tier);
    const identityRules = this.rulesWith(rules);
    const reserved = checkAndReserve(
      this.state,
      identityRules,
      { reservationId, tier, model, cost },
      now,
    );
    let decision = reserved.decision;
    // Closed to make room, it keeps its estimate, as an expired one: so it does in the rollups.
    if (reserved.evicted) this.countUnsettled([reserved.evicted], now);
    if (decision.allowed && session && sessionRules.length > 0) {
      const counters = this.session(session);
      const bySession = checkAndReserve(
        counters.state,
        sessionRules,
        { reservationId, model, cost },
        now,
      ).decision;
      if (bySession.allowed) {
        counters.changed([reservationId]);
        decision = { ...decision, rules: [...decision.rules, ...bySession.rules] };
      } else {
        // The session says no: give the identity its reservation back, so nothing is consumed.
        refund(this.state, reservationId, now);
        const identityUsage = peek(this.state, identityRules, { tier, model }, now);
        decision = { ...bySession, rules: [...identityUsage, ...bySession.rules] };
      }
    }
    if (decision.allowed) {
      this.identity.changed([reservationId]);
      this.alarmBy(now + reservationTimeoutMs);
    } else {
      this.count(model, now, { denied: 1 });
    }
    await this.commits.persist();
    return { ok: true, decision, tier };
  }

  /**
   * Replaces a reservation's estimate with the real usage, and counts it, its latency and an
   * upstream error in the rollups.
   */
  async settle(input: SettleInput): Promise<RpcResult<{ settled: boolean }>> {
    const parsed = parseInput(settleInputSchema, input);
    if (!parsed.ok) return parsed;
    const settled = this.applySettle(parsed.value, this.clock());
    if (settled) await this.commits.persist();
    return { ok: true, settled };
  }

  /**
   * Several settles at once: those that waited in a worker isolate for a call of this identity
   * to carry them and saw none come. Each is read on its own, as when carried.
   */
  async settleAll(input: SettleAllInput): Promise<RpcResult<{ settled: number }>> {
    const parsed = parseInput(settleAllInputSchema, input);
    if (!parsed.ok) return parsed;
    const settled = this.settleCarried(parsed.value.settles, this.clock());
    if (settled > 0) await this.commits.persist();
    return { ok: true, settled };
  }

  /** Applies carried settles; answers how many closed a reservation. Changes are not yet written. */
  private settleCarried(settles: readonly unknown[] | undefined, now: number): number {
    let settled = 0;
    for (const item of settles ?? []) {
      const parsed = parseInput(carriedSettleSchema, item);
      if (!parsed.ok) {
        console.error(
          JSON.stringify({
            level: "error",
            msg: "carried settle dropped",
            error: parsed.error.message,
          }),
        );
        continue;
      }
      if (this.applySettle(parsed.value, now)) settled += 1;
    }
    return settled;
  }

  /**
   * One settle, in memory: false when its reservation is no longer open (nothing changed). Like
   * a look, a settle keeps nothing of an identity without a record (never seen, or erased while
   * the request ran): stored state with no record in D1 and no alarm would outlive its project.
   * Its reservation was opened by a `check`, which kept the record, else it is not open.
   */
  private applySettle(item: ParsedSettle, now: number): boolean {
    const { reservationId, cost, model, latencyMs, upstreamError, session } = item;
    const { settled } = settle(this.state, reservationId, cost, now);
    if (!settled) return false;
    this.identity.changed([reservationId]);
    this.inSession(
      session,
      reservationId,
      (c) => settle(c.state, reservationId, cost, now).settled,
    );
    this.count(model, now, { ...cost, upstreamErrors: upstreamError ? 1 : 0 }, latencyMs);
    return true;
  }

  /**
   * Gives a reservation back (the upstream produced nothing billable), counting its latency and
   * an upstream error in the rollups.
   */
  async refund(input: RefundInput): Promise<RpcResult<{ refunded: boolean }>> {
    const parsed = parseInput(refundInputSchema, input);
    if (!parsed.ok) return parsed;
    const { reservationId, model, latencyMs, upstreamError, session } = parsed.value;
    const now = this.clock();
    const { refunded } = refund(this.state, reservationId, now);
    if (refunded) {
      this.identity.changed([reservationId]);
      this.inSession(session, reservationId, (c) => refund(c.state, reservationId, now).refunded);
      this.count(model ?? null, now, { upstreamErrors: upstreamError ? 1 : 0 }, latencyMs);
      await this.commits.persist();
    }
    return { ok: true, refunded };
  }

  /** Where each applicable rule stands, spending nothing (after the settles it carries). */
  async peek(input: PeekInput): Promise<RpcResult<{ rules: RuleUsage[]; tier: string | null }>> {
    const parsed = parseInput(peekInputSchema, input);
    if (!parsed.ok) return parsed;
    const now = this.clock();
    if (this.settleCarried(parsed.value.settles, now) > 0) await this.commits.persist();
    const tier = this.effectiveTier(parsed.value.tier);
    const rules = peek(
      this.state,
      this.rulesWith(parsed.value.rules),
      { tier, model: parsed.value.model },
      now,
    );
    const { session, sessionRules } = parsed.value;
    if (session && sessionRules.length > 0) {
      rules.push(
        ...peek(this.session(session).state, sessionRules, { model: parsed.value.model }, now),
      );
    }
    return { ok: true, rules, tier };
  }

  /** Sets the identity record's tier and/or its overrides. */
  async configure(input: ConfigureInput): Promise<RpcResult<{ identity: IdentityView }>> {
    const parsed = parseInput(configureInputSchema, input);
    if (!parsed.ok) return parsed;
    const meta = this.owner(parsed.value);
    if (parsed.value.tier !== undefined) meta.tier = parsed.value.tier;
    if (parsed.value.overrides !== undefined) {
      meta.overrides = parsed.value.overrides.map((r) => ({
        ...r,
        scope: { ...r.scope, identity: true },
      }));
    }
    return this.afterManagement([]);
  }

  async gift(input: GiftInput): Promise<RpcResult<{ identity: IdentityView }>> {
    const parsed = parseInput(giftInputSchema, input);
    if (!parsed.ok) return parsed;
    this.owner(parsed.value);
    addGift(this.state, { requests: parsed.value.requests ?? 0, tokens: parsed.value.tokens ?? 0 });
    return this.afterManagement([]);
  }

  async promo(input: PromoInput): Promise<RpcResult<{ identity: IdentityView }>> {
    const parsed = parseInput(promoInputSchema, input);
    if (!parsed.ok) return parsed;
    this.owner(parsed.value);
    setPromo(this.state, parsed.value.unlimitedUntil);
    return this.afterManagement([]);
  }

  /** Zeroes the current period of the given metrics (e.g. after a payment). */
  async reset(input: ResetInput): Promise<RpcResult<{ identity: IdentityView }>> {
    const parsed = parseInput(resetInputSchema, input);
    if (!parsed.ok) return parsed;
    this.owner(parsed.value);
    resetPeriod(this.state, parsed.value.metrics, this.clock());
    // Open reservations no longer count in the zeroed buckets: they changed too.
    return this.afterManagement(this.state.pending.map((r) => r.id));
  }

  async setDisabled(input: SetDisabledInput): Promise<RpcResult<{ identity: IdentityView }>> {
    const parsed = parseInput(setDisabledInputSchema, input);
    if (!parsed.ok) return parsed;
    this.owner(parsed.value);
    setDisabled(this.state, parsed.value.disabled);
    return this.afterManagement([]);
  }

  /** The identity record and its live usage under the given rules. */
  describe(input: DescribeInput): RpcResult<DescribeOutput> {
    const parsed = parseInput(describeInputSchema, input);
    if (!parsed.ok) return parsed;
    // A read keeps nothing: an identity never seen gets a record for the answer only, since
    // stored state with no D1 record and no alarm would outlive its project.
    const meta = this.meta ?? newMeta(parsed.value);
    const tier = parsed.value.tier
      ? this.effectiveTier(parsed.value.tier)
      : (this.meta?.tier ?? null);
    const usage = peek(
      this.state,
      this.rulesWith(parsed.value.rules),
      { tier, model: parsed.value.model },
      this.clock(),
    );
    return { ok: true, identity: this.view(meta), effectiveTier: tier, usage };
  }

  /**
   * Forgets everything about the identity (the API's delete), after writing its rollups to D1.
   * Reservations still open count their estimate there, as on expiry: their settle will find
   * nothing to settle.
   */
  async erase(): Promise<{ ok: true }> {
    const meta = this.meta;
    if (meta) {
      this.expire(this.clock(), 0);
      await this.flush();
    }
    if (meta) {
      await createDb(this.env.DB)
        .delete(identities)
        .where(
          sql`${identities.projectId} = ${meta.projectId} and ${identities.identity} = ${meta.identity}`,
        );
    }
    await this.dropAll();
    return { ok: true };
  }

  /**
   * The identity will make no more calls (a revoked API key's own identity): erases it as
   * `erase` does, and once more `reservationTimeoutMs` later, by the alarm, so that the calls a
   * stale copy of the key still let through meanwhile, and their settles, leave nothing behind
   * either (their usage reaching the rollups first).
   */
  async retire(): Promise<{ ok: true }> {
    await this.erase();
    const at = this.clock() + reservationTimeoutMs;
    this.ctx.storage.kv.put("retireAt", at);
    this.alarmBy(at);
    return { ok: true };
  }

  /**
   * Its project was deleted (and with it, in D1, the identity's record and usage): drops
   * everything the object keeps, writing nothing to D1.
   */
  async projectDeleted(): Promise<{ ok: true }> {
    await this.dropAll();
    return { ok: true };
  }

  private async dropAll(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.alarmAt = null;
    this.identity = new StateStore(this.ctx.storage.kv);
    this.sessions.clear();
    this.meta = null;
    this.ledger.clear();
  }

  /**
   * Flushes rollups, closes reservations that were never settled, compacts the state; erases a
   * retired identity when its time has come.
   */
  override async alarm(): Promise<void> {
    this.alarmAt = null;
    this.ctx.storage.kv.put("alarmAt", null);
    const now = this.clock();
    const retireAt = this.ctx.storage.kv.get<number>("retireAt");
    const meta = this.meta;
    try {
      if (retireAt !== undefined && now >= retireAt) {
        await this.erase();
        return;
      }
      await this.tidy(now);
    } catch (err) {
      // What changed before the failure (the ledger above all) is kept for the next try.
      await this.commits.persist();
      // A deleted project's rows can't be written (and are not wanted): forget its identity.
      if (meta && !(await this.projectExists(meta.projectId).catch(() => true))) {
        await this.dropAll();
        return;
      }
      // Not thrown: the runtime gives up on an alarm after a few retries, and an idle identity
      // would then keep its rollups and open reservations with no alarm to come.
      console.error(
        JSON.stringify({ level: "error", msg: "limiter alarm failed, retrying", error: `${err}` }),
      );
      this.alarmBy(now + alarmRetryMs);
    }
    const pending = this.state.pending;
    if (pending.length > 0) {
      const next = Math.min(...pending.map((r) => r.atMs)) + reservationTimeoutMs;
      this.alarmBy(Math.max(next, now + 1_000));
    }
    if (retireAt !== undefined) this.alarmBy(retireAt);
  }

  /** Closes reservations never settled, compacts the counters, writes the rollups to D1. */
  private async tidy(now: number): Promise<void> {
    this.expire(now, reservationTimeoutMs);
    compactState(this.state, now);
    this.compactSessions(now);
    const written = this.commits.persist();
    try {
      if (this.meta) {
        this.ctx.storage.kv.put("meta", this.meta);
        await this.flush();
      }
    } finally {
      await written;
    }
    // What the flush took off the ledger.
    await this.commits.persist();
  }

  /** Closes the identity's reservations opened `timeoutMs` or more ago, keeping their estimate. */
  private expire(now: number, timeoutMs: number): void {
    const { expired, closed } = expireReservations(this.state, now, timeoutMs);
    this.identity.changed(expired);
    // The estimate of a reservation whose settle was lost stays counted; so it does in the rollups.
    this.countUnsettled(closed, now);
  }

  private owner(input: { projectId: string; identity: string }): Meta {
    if (!this.meta) {
      this.meta = newMeta(input);
      this.ctx.storage.kv.put("meta", this.meta);
    }
    return this.meta;
  }

  private effectiveTier(tier: TierInput): string | null {
    const recorded = this.meta?.tier ?? null;
    const kept = recorded !== null && tier.projectTiers.includes(recorded) ? recorded : null;
    return tier.claimed ?? kept ?? tier.client ?? tier.fallback;
  }

  private rulesWith(projectRules: Rule[]): Rule[] {
    const overrides = this.meta?.overrides ?? [];
    return overrides.length === 0 ? projectRules : [...projectRules, ...overrides];
  }

  private session(id: string): StateStore {
    let counters = this.sessions.get(id);
    if (!counters) {
      counters = new StateStore(this.ctx.storage.kv, sessionPrefix(id));
      this.sessions.set(id, counters);
    }
    return counters;
  }

  /** Applies a settle or refund to the session's counters, if the reservation is theirs. */
  private inSession(
    session: string | undefined,
    reservationId: string,
    apply: (c: StateStore) => boolean,
  ): void {
    if (!session) return;
    const counters = this.session(session);
    if (apply(counters)) counters.changed([reservationId]);
  }

  /** Writes every change made since the last write (`GroupCommit` calls it). */
  private writeChanges(): void {
    this.identity.write();
    for (const counters of this.sessions.values()) counters.write();
    this.ledger.write();
  }

  /**
   * Closes the sessions' reservations never settled (as the identity's), and drops the sessions
   * whose windows hold nothing any more.
   */
  private compactSessions(now: number): void {
    const ids = new Set(this.sessions.keys());
    for (const [key] of this.ctx.storage.kv.list({ prefix: "session:" })) {
      if (key.endsWith(":state")) ids.add(sessionIdOf(key));
    }
    for (const id of ids) {
      const counters = this.session(id);
      const { expired } = expireReservations(counters.state, now, reservationTimeoutMs);
      compactState(counters.state, now);
      if (Object.keys(counters.state.slots).length === 0 && counters.state.pending.length === 0) {
        counters.drop();
        this.sessions.delete(id);
      } else {
        counters.changed(expired);
      }
    }
  }

  /**
   * Counts usage (and a latency) in the rollups the alarm writes to D1, in the hour of
   * `hourOfMs` (default: now).
   */
  private count(
    model: string | null,
    now: number,
    delta: UsageDelta,
    latencyMs?: number,
    hourOfMs = now,
  ): void {
    const meta = this.meta;
    if (!meta) return;
    this.ledger.add(meta, model, hourOfMs, delta);
    if (latencyMs !== undefined) this.ledger.addLatency(meta.projectId, now, latencyMs);
    this.alarmBy(now + flushDelayMs(this.env.ROLLUP_FLUSH_DELAY_MS));
  }

  /**
   * Counts reservations closed without a settle (expired, dropped to make room, or open when the
   * identity was erased) at their estimate, each under the model and in the hour of its request.
   */
  private countUnsettled(closed: readonly Reservation[], now: number): void {
    for (const r of closed) this.count(r.model ?? null, now, r.cost, undefined, r.atMs);
  }

  /** Makes sure the alarm fires by `atMs`. */
  private alarmBy(atMs: number): void {
    if (this.alarmAt !== null && this.alarmAt <= atMs) return;
    this.alarmAt = atMs;
    this.ctx.storage.kv.put("alarmAt", atMs);
    // Not awaited: storage operations are ordered, and the output gate holds the response until
    // the alarm is durably set.
    void this.ctx.storage.setAlarm(atMs);
  }

  private async afterManagement(touched: string[]): Promise<RpcResult<{ identity: IdentityView }>> {
    this.identity.changed(touched);
    this.ctx.storage.kv.put("meta", this.meta);
    await this.commits.persist();
    const db = createDb(this.env.DB);
    await db.batch([this.mirrorStatement(db)]);
    return { ok: true, identity: this.view() };
  }

  private view(meta = this.meta as Meta): IdentityView {
    return {
      projectId: meta.projectId,
      identity: meta.identity,
      tier: meta.tier,
      disabled: this.state.disabled,
      promoUntil: this.state.promoUntil,
      gift: { ...this.state.gift },
      overrides: meta.overrides,
      lastSeenAt: meta.lastSeenAt,
    };
  }

  /** The identity's record in D1, for listing (the DO stays the authority). */
  private mirrorStatement(db: Db) {
    const v = this.view();
    const now = this.clock();
    const row = {
      projectId: v.projectId,
      identity: v.identity,
      tier: v.tier,
      disabled: v.disabled,
      promoUntil: v.promoUntil,
      giftRequests: v.gift.requests,
      giftTokens: v.gift.tokens,
      overrides: v.overrides.map((rule) => ({ ...rule })),
      lastSeenAt: v.lastSeenAt ?? now,
      updatedAt: now,
    };
    const { projectId: _p, identity: _i, ...update } = row;
    return db
      .insert(identities)
      .values({ ...row, firstSeenAt: row.lastSeenAt })
      .onConflictDoUpdate({ target: [identities.projectId, identities.identity], set: update });
  }

  private async projectExists(projectId: string): Promise<boolean> {
    const found = await createDb(this.env.DB)
      .select({ id: projects.id })
      .from(projects)
      .where(eq(projects.id, projectId))
      .limit(1);
    return found.length > 0;
  }

  /** Writes the rollups and latencies, with the identity's mirror, to D1 in one batch. */
  private async flush(): Promise<void> {
    const db = createDb(this.env.DB);
    await this.ledger.flush(db, [this.mirrorStatement(db)]);
  }
}
