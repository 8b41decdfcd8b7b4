import { DurableObject } from "cloudflare:workers";
import {
  buildLatencyRollupUpserts,
  buildUsageRollupUpserts,
  createDb,
  hourStartOf,
  identities,
  type LatencyRollupDelta,
  USAGE_ROLLUP_COUNTS,
  type UsageRollupDelta,
} from "@floodgate/db";
import { latencyBucketOf } from "@floodgate/metering";
import {
  addGift,
  checkAndReserve,
  compactState,
  createState,
  type Decision,
  expireReservations,
  type LimiterState,
  peek,
  type Rule,
  type RuleUsage,
  refund,
  resetPeriod,
  setDisabled,
  setPromo,
  settle,
} from "@floodgate/ratelimit";
import { sql } from "drizzle-orm";
import {
  type CheckInput,
  type ConfigureInput,
  checkInputSchema,
  configureInputSchema,
  type DescribeInput,
  type DescribeOutput,
  describeInputSchema,
  type GiftInput,
  giftInputSchema,
  type IdentityView,
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
  type SettleInput,
  setDisabledInputSchema,
  settleInputSchema,
} from "./limiter-rpc";

/** Default of `ROLLUP_FLUSH_DELAY_MS`: how long after the first unflushed change the alarm writes rollups to D1. */
export const defaultRollupFlushDelayMs = 15_000;

function flushDelayMs(value: unknown): number {
  const ms = Number(value);
  return Number.isInteger(ms) && ms >= 100 && ms <= 300_000 ? ms : defaultRollupFlushDelayMs;
}
/** A reservation never settled counts its estimate and is closed after this long. */
export const reservationTimeoutMs = 15 * 60_000;

interface Meta {
  projectId: string;
  identity: string;
  tier: string | null;
  overrides: Rule[];
  lastSeenAt: number | null;
}

/** Unflushed usage by `model|hourStart`. */
type Rollups = Record<string, UsageRollupDelta>;
/** Unflushed latency histogram by `hourStart|bucketLeMs`. */
type Latencies = Record<string, LatencyRollupDelta>;

/**
 * One per (project, identity): that identity's live counters, the authority for its limits.
 * Thin over `@floodgate/ratelimit`: it validates inputs, runs the pure functions on the state it
 * keeps in memory, persists the state after every change (synchronous SQLite KV, so each call is
 * atomic), and flushes usage rollups and the latency histogram to D1 in one batch from an alarm.
 */
export class LimiterDO extends DurableObject<Env> {
  private state: LimiterState;
  private meta: Meta | null;
  private rollups: Rollups;
  private latencies: Latencies;
  /** The clock (epoch ms). Tests replace it through `runInDurableObject` to move time. */
  clock: () => number = Date.now;

  /** When the alarm is set for, epoch ms; mirrors storage so the hot path never asks it. */
  private alarmAt: number | null = null;
  /** The project's rules as of the last check or peek, to compact by; not persisted. */
  private lastRules: Rule[] | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const kv = ctx.storage.kv;
    this.state = kv.get<LimiterState>("state") ?? createState();
    this.meta = kv.get<Meta>("meta") ?? null;
    this.rollups = kv.get<Rollups>("rollups") ?? {};
    this.latencies = kv.get<Latencies>("latencies") ?? {};
    void ctx.blockConcurrencyWhile(async () => {
      this.alarmAt = await ctx.storage.getAlarm();
    });
  }

  /** Check-and-reserve: admits the request and reserves its estimate, or denies it (nothing consumed). */
  check(input: CheckInput): RpcResult<{ decision: Decision; tier: string | null }> {
    const parsed = parseInput(checkInputSchema, input);
    if (!parsed.ok) return parsed;
    const { rules, model, cost, reservationId } = parsed.value;
    const now = this.clock();
    const meta = this.owner(parsed.value);
    const tier = this.effectiveTier(parsed.value.tier);
    const { decision } = checkAndReserve(
      this.state,
      this.rulesWith(rules),
      { reservationId, tier, model, cost },
      now,
    );
    meta.lastSeenAt = now;
    if (decision.allowed) {
      this.persistState();
      this.alarmBy(now + reservationTimeoutMs);
    } else {
      this.addRollup(model, now, { denied: 1 });
    }
    this.ctx.storage.kv.put("meta", meta);
    return { ok: true, decision, tier };
  }

  /**
   * Replaces a reservation's estimate with the real usage, and counts it, its latency and an
   * upstream error in the rollups.
   */
  settle(input: SettleInput): RpcResult<{ settled: boolean }> {
    const parsed = parseInput(settleInputSchema, input);
    if (!parsed.ok) return parsed;
    const { reservationId, cost, model, latencyMs, upstreamError } = parsed.value;
    this.owner(parsed.value);
    const now = this.clock();
    const { settled } = settle(this.state, reservationId, cost, now);
    if (settled) {
      this.persistState();
      this.addRollup(model, now, { ...cost, upstreamErrors: upstreamError ? 1 : 0 });
      this.addLatency(now, latencyMs);
    }
    return { ok: true, settled };
  }

  /**
   * Gives a reservation back (the upstream produced nothing billable), counting its latency and
   * an upstream error in the rollups.
   */
  refund(input: RefundInput): RpcResult<{ refunded: boolean }> {
    const parsed = parseInput(refundInputSchema, input);
    if (!parsed.ok) return parsed;
    const { reservationId, model, latencyMs, upstreamError } = parsed.value;
    this.owner(parsed.value);
    const now = this.clock();
    const { refunded } = refund(this.state, reservationId, now);
    if (refunded) {
      this.persistState();
      if (upstreamError) this.addRollup(model ?? null, now, { upstreamErrors: 1 });
      this.addLatency(now, latencyMs);
    }
    return { ok: true, refunded };
  }

  /** Where each applicable rule stands, spending nothing. */
  peek(input: PeekInput): RpcResult<{ rules: RuleUsage[]; tier: string | null }> {
    const parsed = parseInput(peekInputSchema, input);
    if (!parsed.ok) return parsed;
    this.owner(parsed.value);
    const tier = this.effectiveTier(parsed.value.tier);
    const rules = peek(
      this.state,
      this.rulesWith(parsed.value.rules),
      { tier, model: parsed.value.model },
      this.clock(),
    );
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
    return this.afterManagement();
  }

  async gift(input: GiftInput): Promise<RpcResult<{ identity: IdentityView }>> {
    const parsed = parseInput(giftInputSchema, input);
    if (!parsed.ok) return parsed;
    this.owner(parsed.value);
    addGift(this.state, { requests: parsed.value.requests ?? 0, tokens: parsed.value.tokens ?? 0 });
    return this.afterManagement();
  }

  async promo(input: PromoInput): Promise<RpcResult<{ identity: IdentityView }>> {
    const parsed = parseInput(promoInputSchema, input);
    if (!parsed.ok) return parsed;
    this.owner(parsed.value);
    setPromo(this.state, parsed.value.unlimitedUntil);
    return this.afterManagement();
  }

  /** Zeroes the current period of the given metrics (e.g. after a payment). */
  async reset(input: ResetInput): Promise<RpcResult<{ identity: IdentityView }>> {
    const parsed = parseInput(resetInputSchema, input);
    if (!parsed.ok) return parsed;
    this.owner(parsed.value);
    resetPeriod(this.state, parsed.value.metrics, this.clock());
    return this.afterManagement();
  }

  async setDisabled(input: SetDisabledInput): Promise<RpcResult<{ identity: IdentityView }>> {
    const parsed = parseInput(setDisabledInputSchema, input);
    if (!parsed.ok) return parsed;
    this.owner(parsed.value);
    setDisabled(this.state, parsed.value.disabled);
    return this.afterManagement();
  }

  /** The identity record and its live usage under the given rules. */
  describe(input: DescribeInput): RpcResult<DescribeOutput> {
    const parsed = parseInput(describeInputSchema, input);
    if (!parsed.ok) return parsed;
    this.owner(parsed.value);
    const tierInput = parsed.value.tier ?? { claimed: null, client: null, fallback: null };
    const tier = this.effectiveTier(tierInput);
    const usage = peek(
      this.state,
      this.rulesWith(parsed.value.rules),
      { tier, model: parsed.value.model },
      this.clock(),
    );
    return { ok: true, identity: this.view(), effectiveTier: tier, usage };
  }

  /** Forgets everything about the identity (the API's delete). */
  async erase(): Promise<{ ok: true }> {
    const meta = this.meta;
    await this.flush();
    if (meta) {
      await createDb(this.env.DB)
        .delete(identities)
        .where(
          sql`${identities.projectId} = ${meta.projectId} and ${identities.identity} = ${meta.identity}`,
        );
    }
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.alarmAt = null;
    this.state = createState();
    this.meta = null;
    this.rollups = {};
    this.latencies = {};
    return { ok: true };
  }

  /** Flushes rollups, closes reservations that were never settled, compacts the state. */
  override async alarm(): Promise<void> {
    this.alarmAt = null;
    const now = this.clock();
    const { expired } = expireReservations(this.state, now, reservationTimeoutMs);
    if (expired.length > 0) {
      // The estimate of a reservation whose settle was lost stays counted; so it does in the rollups.
      this.addRollup(null, now, { requests: expired.length });
    }
    // Only with the project's rules at hand: without them every slot would look abandoned.
    if (this.lastRules) compactState(this.state, this.rulesWith(this.lastRules), now);
    this.persistState();
    await this.flush();
    const pending = Object.values(this.state.pending);
    if (pending.length > 0) {
      const next = Math.min(...pending.map((r) => r.atMs)) + reservationTimeoutMs;
      this.alarmBy(Math.max(next, now + 1_000));
    }
  }

  private owner(input: { projectId: string; identity: string }): Meta {
    if (!this.meta) {
      this.meta = {
        projectId: input.projectId,
        identity: input.identity,
        tier: null,
        overrides: [],
        lastSeenAt: null,
      };
      this.ctx.storage.kv.put("meta", this.meta);
    }
    return this.meta;
  }

  private effectiveTier(tier: {
    claimed: string | null;
    client: string | null;
    fallback: string | null;
  }): string | null {
    return tier.claimed ?? this.meta?.tier ?? tier.client ?? tier.fallback;
  }

  private rulesWith(projectRules: Rule[]): Rule[] {
    this.lastRules = projectRules;
    const overrides = this.meta?.overrides ?? [];
    return overrides.length === 0 ? projectRules : [...projectRules, ...overrides];
  }

  private persistState(): void {
    this.ctx.storage.kv.put("state", this.state);
  }

  private addRollup(
    model: string | null,
    atMs: number,
    delta: Partial<Omit<UsageRollupDelta, "projectId" | "identity">>,
  ) {
    const meta = this.meta;
    if (!meta) return;
    const hourStart = hourStartOf(atMs);
    const key = `${model ?? ""}|${hourStart}`;
    const row = this.rollups[key] ?? {
      projectId: meta.projectId,
      identity: meta.identity,
      model: model ?? "",
      hourStart,
    };
    this.rollups[key] = row;
    for (const name of USAGE_ROLLUP_COUNTS) row[name] = (row[name] ?? 0) + (delta[name] ?? 0);
    this.ctx.storage.kv.put("rollups", this.rollups);
    this.alarmBy(atMs + flushDelayMs(this.env.ROLLUP_FLUSH_DELAY_MS));
  }

  /** Counts one upstream latency in the project's histogram of the hour. */
  private addLatency(atMs: number, latencyMs: number | undefined): void {
    const meta = this.meta;
    if (!meta || latencyMs === undefined) return;
    const hourStart = hourStartOf(atMs);
    const bucketLeMs = latencyBucketOf(latencyMs);
    const key = `${hourStart}|${bucketLeMs}`;
    const row = this.latencies[key] ?? {
      projectId: meta.projectId,
      hourStart,
      bucketLeMs,
      count: 0,
    };
    row.count += 1;
    this.latencies[key] = row;
    this.ctx.storage.kv.put("latencies", this.latencies);
    this.alarmBy(atMs + flushDelayMs(this.env.ROLLUP_FLUSH_DELAY_MS));
  }

  /** Makes sure the alarm fires by `atMs`. */
  private alarmBy(atMs: number): void {
    if (this.alarmAt !== null && this.alarmAt <= atMs) return;
    this.alarmAt = atMs;
    // Not awaited: storage operations are ordered, and the output gate holds the response until
    // the alarm is durably set.
    void this.ctx.storage.setAlarm(atMs);
  }

  private async afterManagement(): Promise<RpcResult<{ identity: IdentityView }>> {
    this.persistState();
    this.ctx.storage.kv.put("meta", this.meta);
    await this.mirror();
    return { ok: true, identity: this.view() };
  }

  private view(): IdentityView {
    const meta = this.meta as Meta;
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

  /** Writes the identity's record to D1 for listing (the DO stays the authority). */
  private async mirror(): Promise<void> {
    const db = createDb(this.env.DB);
    await db.batch([this.mirrorStatement(db)]);
  }

  private mirrorStatement(db: ReturnType<typeof createDb>) {
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
      .values(row)
      .onConflictDoUpdate({ target: [identities.projectId, identities.identity], set: update });
  }

  /**
   * Writes accumulated rollups and latencies (and the identity's mirror) to D1 in one batch;
   * keeps them on failure.
   */
  private async flush(): Promise<void> {
    if (!this.meta) return;
    const rollups = structuredClone(this.rollups);
    const latencies = structuredClone(this.latencies);
    const db = createDb(this.env.DB);
    const upserts = [
      ...buildUsageRollupUpserts(db, Object.values(rollups)),
      ...buildLatencyRollupUpserts(db, Object.values(latencies)),
    ];
    if (upserts.length === 0) return;
    await db.batch([this.mirrorStatement(db), ...upserts]);
    // Calls served while the batch was in flight may have added to these rows: take off only
    // what was written.
    subtract(this.rollups, rollups, USAGE_ROLLUP_COUNTS);
    subtract(this.latencies, latencies, ["count"]);
    this.ctx.storage.kv.put("rollups", this.rollups);
    this.ctx.storage.kv.put("latencies", this.latencies);
  }
}

/** Takes `written` off `pending`, row by row, and drops the rows left at zero. */
function subtract<T extends { [P in K]?: number }, K extends keyof T>(
  pending: Record<string, T>,
  written: Record<string, T>,
  counts: readonly K[],
): void {
  for (const [key, sent] of Object.entries(written)) {
    const row = pending[key];
    if (!row) continue;
    for (const name of counts) row[name] = ((row[name] ?? 0) - (sent[name] ?? 0)) as T[K];
    if (counts.every((name) => !row[name])) delete pending[key];
  }
}
