import { DurableObject } from "cloudflare:workers";
import { ejectionTimingSchema, poolMonitorSchema } from "@floodgate/contracts";
import { z } from "zod";
import { isCheckDue } from "./check-schedule";
import { applyCheck, applyTraffic } from "./hysteresis";
import {
  type OriginHealth,
  type PoolHealthSnapshot,
  storedOriginHealth,
  unknownOriginHealth,
} from "./origin-health";

const originIdSchema = z.string().min(1).max(256);
const runIdSchema = z.string().min(1).max(64);

export const beginChecksInputSchema = z.object({
  /** Names this run in its later calls. */
  runId: runIdSchema,
  /** The cron tick (epoch ms): a pool with a long interval may not be due at it. */
  scheduledTime: z.number().int(),
  intervalMs: z.number().int().positive(),
  /** Ms the run holds the pool, renewed by each round it records (see `checkLeaseMs`). */
  leaseMs: z
    .number()
    .int()
    .min(1)
    .max(15 * 60_000),
});
export type BeginChecksInput = z.input<typeof beginChecksInputSchema>;

export type BeginChecksResult =
  | { started: true; snapshot: PoolHealthSnapshot }
  | { started: false; reason: "not_due" | "running" };

export const recordChecksInputSchema = z.object({
  /** The run that holds the pool (from `beginChecks`); anyone else's results are refused. */
  runId: runIdSchema,
  monitor: poolMonitorSchema.pick({ consecutiveUp: true, consecutiveDown: true }),
  /** Every origin the pool has now; state of others is dropped. */
  originIds: z.array(originIdSchema).max(1_000),
  results: z
    .array(
      z.object({
        originId: originIdSchema,
        passed: z.boolean(),
        status: z.number().int().nullable(),
        latencyMs: z.number().min(0),
        error: z.string().max(200).nullable(),
        at: z.number().int(),
      }),
    )
    .max(1_000),
});
export type RecordChecksInput = z.input<typeof recordChecksInputSchema>;

export const reportTrafficInputSchema = z.object({
  /**
   * What a failure is was decided by the reporter: only the counts and cool-downs matter here.
   * `maxCooldownMs` is absent from reports of isolates that predate it: its default then.
   */
  ejection: ejectionTimingSchema,
  outcomes: z
    .array(
      z.object({
        originId: originIdSchema,
        failed: z.boolean(),
        // Absent from reports of isolates that did not report abandoned requests.
        abandoned: z.boolean().default(false),
        latencyMs: z.number().min(0).nullable(),
        // Absent from reports of isolates that predate panic routing.
        panic: z.boolean().default(false),
        at: z.number().int(),
      }),
    )
    .max(10_000),
});
export type ReportTrafficInput = z.input<typeof reportTrafficInputSchema>;

export const endChecksInputSchema = z.object({ runId: runIdSchema });
export type EndChecksInput = z.input<typeof endChecksInputSchema>;

export type RecordChecksResult =
  | { accepted: true; snapshot: PoolHealthSnapshot }
  | { accepted: false };

/** The run of active checks that holds the pool, until when (epoch ms, this object's clock). */
interface CheckRun {
  runId: string;
  until: number;
  leaseMs: number;
}

/**
 * One per pool (`getByName(pool.name)`): the health of the pool's origins, so every isolate sees
 * the same state. Active checks (from the Cron Trigger) and live-traffic reports (from the
 * forwarding path, batched) come in through typed RPC; the state lives in SQLite storage and
 * survives eviction. Runs of active checks take a lease on the pool first, so two of them never
 * probe it at once (a tick, or a second delivery of one, while the last run still waits on a
 * slow origin) and never count the same interval twice towards the hysteresis.
 */
export class HealthDO extends DurableObject<Env> {
  #origins = new Map<string, OriginHealth>();
  #lastCheckAt: number | null = null;
  #run: CheckRun | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec(
      "CREATE TABLE IF NOT EXISTS origin_health (origin_id TEXT PRIMARY KEY, health TEXT NOT NULL)",
    );
    sql.exec("CREATE TABLE IF NOT EXISTS pool_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    for (const row of sql.exec<{ origin_id: string; health: string }>(
      "SELECT origin_id, health FROM origin_health",
    )) {
      const stored = JSON.parse(row.health) as Partial<OriginHealth>;
      this.#origins.set(row.origin_id, storedOriginHealth(stored));
    }
    const last = sql
      .exec<{ value: string }>("SELECT value FROM pool_meta WHERE key = 'last_check_at'")
      .toArray()[0];
    this.#lastCheckAt = last ? Number(last.value) : null;
    const run = sql
      .exec<{ value: string }>("SELECT value FROM pool_meta WHERE key = 'check_run'")
      .toArray()[0];
    this.#run = run ? (JSON.parse(run.value) as CheckRun) : null;
  }

  /** The pool's health as it stands. Origins never reported on are absent (and count as up). */
  snapshot(): PoolHealthSnapshot {
    return {
      pool: this.ctx.id.name ?? this.ctx.id.toString(),
      lastCheckAt: this.#lastCheckAt,
      origins: Object.fromEntries(this.#origins),
    };
  }

  /**
   * Starts a run of active checks, unless the pool is not due at this tick or another run still
   * holds it (its lease not yet over). The caller probes only when `started`, and lets go with
   * {@link endChecks}.
   */
  beginChecks(input: BeginChecksInput): BeginChecksResult {
    const { runId, scheduledTime, intervalMs, leaseMs } = beginChecksInputSchema.parse(input);
    if (this.#holder(Date.now()) !== null) return { started: false, reason: "running" };
    if (!isCheckDue(this.#lastCheckAt, intervalMs, scheduledTime))
      return { started: false, reason: "not_due" };
    this.#saveRun({ runId, leaseMs, until: Date.now() + leaseMs });
    return { started: true, snapshot: this.snapshot() };
  }

  /**
   * Applies one round of active checks (hysteresis) and forgets origins the pool no longer has,
   * if `runId` holds the pool; renews its lease. A run whose lease ran out (and maybe went to
   * another run) is refused, and should stop.
   */
  recordChecks(input: RecordChecksInput): RecordChecksResult {
    const { runId, monitor, originIds, results } = recordChecksInputSchema.parse(input);
    const now = Date.now();
    const run = this.#holder(now);
    if (run?.runId !== runId) return { accepted: false };
    this.#saveRun({ ...run, until: now + run.leaseMs });
    const keep = new Set(originIds);
    for (const id of [...this.#origins.keys()]) {
      if (!keep.has(id)) {
        this.#origins.delete(id);
        this.ctx.storage.sql.exec("DELETE FROM origin_health WHERE origin_id = ?", id);
      }
    }
    let latest = this.#lastCheckAt ?? 0;
    for (const result of results) {
      if (!keep.has(result.originId)) continue;
      this.#save(
        result.originId,
        applyCheck(this.#get(result.originId, result.at), result, monitor),
      );
      latest = Math.max(latest, result.at);
    }
    if (results.length > 0) {
      this.#lastCheckAt = latest;
      this.ctx.storage.sql.exec(
        "INSERT INTO pool_meta (key, value) VALUES ('last_check_at', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        String(latest),
      );
    }
    return { accepted: true, snapshot: this.snapshot() };
  }

  /** Lets go of the pool, if `runId` holds it. */
  endChecks(input: EndChecksInput): void {
    const { runId } = endChecksInputSchema.parse(input);
    if (this.#run?.runId === runId) this.#saveRun(null);
  }

  /** Applies live-traffic outcomes, in order: counters, latency, passive ejection. */
  reportTraffic(input: ReportTrafficInput): PoolHealthSnapshot {
    const { ejection, outcomes } = reportTrafficInputSchema.parse(input);
    const touched = new Map<string, OriginHealth>();
    for (const outcome of outcomes) {
      const current = touched.get(outcome.originId) ?? this.#get(outcome.originId, outcome.at);
      touched.set(outcome.originId, applyTraffic(current, outcome, ejection));
    }
    for (const [id, health] of touched) this.#save(id, health);
    return this.snapshot();
  }

  /** The run that holds the pool now, if any. */
  #holder(now: number): CheckRun | null {
    return this.#run !== null && this.#run.until > now ? this.#run : null;
  }

  #saveRun(run: CheckRun | null): void {
    this.#run = run;
    if (run === null) {
      this.ctx.storage.sql.exec("DELETE FROM pool_meta WHERE key = 'check_run'");
      return;
    }
    this.ctx.storage.sql.exec(
      "INSERT INTO pool_meta (key, value) VALUES ('check_run', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      JSON.stringify(run),
    );
  }

  #get(originId: string, now: number): OriginHealth {
    return this.#origins.get(originId) ?? unknownOriginHealth(now);
  }

  #save(originId: string, health: OriginHealth): void {
    this.#origins.set(originId, health);
    this.ctx.storage.sql.exec(
      "INSERT INTO origin_health (origin_id, health) VALUES (?, ?) ON CONFLICT(origin_id) DO UPDATE SET health = excluded.health",
      originId,
      JSON.stringify(health),
    );
  }
}
