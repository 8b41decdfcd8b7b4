import { DurableObject } from "cloudflare:workers";
import { passiveEjectionSchema, poolMonitorSchema } from "@floodgate/contracts";
import { z } from "zod";
import { applyCheck, applyTraffic } from "./hysteresis";
import { type OriginHealth, type PoolHealthSnapshot, unknownOriginHealth } from "./origin-health";

const originIdSchema = z.string().min(1).max(256);

export const recordChecksInputSchema = z.object({
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
  ejection: passiveEjectionSchema,
  outcomes: z
    .array(
      z.object({
        originId: originIdSchema,
        failed: z.boolean(),
        latencyMs: z.number().min(0).nullable(),
        at: z.number().int(),
      }),
    )
    .max(10_000),
});
export type ReportTrafficInput = z.input<typeof reportTrafficInputSchema>;

/**
 * One per pool (`getByName(pool.name)`): the health of the pool's origins, so every isolate sees
 * the same state. Active checks (from the Cron Trigger) and live-traffic reports (from the
 * forwarding path, batched) come in through typed RPC; the state lives in SQLite storage and
 * survives eviction.
 */
export class HealthDO extends DurableObject<Env> {
  #origins = new Map<string, OriginHealth>();
  #lastCheckAt: number | null = null;

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
      this.#origins.set(row.origin_id, JSON.parse(row.health) as OriginHealth);
    }
    const last = sql
      .exec<{ value: string }>("SELECT value FROM pool_meta WHERE key = 'last_check_at'")
      .toArray()[0];
    this.#lastCheckAt = last ? Number(last.value) : null;
  }

  /** The pool's health as it stands. Origins never reported on are absent (and count as up). */
  snapshot(): PoolHealthSnapshot {
    return {
      pool: this.ctx.id.name ?? this.ctx.id.toString(),
      lastCheckAt: this.#lastCheckAt,
      origins: Object.fromEntries(this.#origins),
    };
  }

  /** Applies one round of active checks (hysteresis) and forgets origins the pool no longer has. */
  recordChecks(input: RecordChecksInput): PoolHealthSnapshot {
    const { monitor, originIds, results } = recordChecksInputSchema.parse(input);
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
    return this.snapshot();
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
