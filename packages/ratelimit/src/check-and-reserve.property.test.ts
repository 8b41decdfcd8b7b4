// The guarantee, checked against a brute-force reference: an exact log of what was admitted,
// with settles, refunds, expiries, gifts and resets applied to it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkAndReserve } from "./check-and-reserve";
import type { Cost } from "./cost";
import { expireReservations } from "./expire-reservations";
import { addGift } from "./identity-settings";
import { METRICS, type Metric } from "./metric";
import { resetPeriod } from "./reset-period";
import type { Rule } from "./rule";
import { selectRules } from "./select-rules";
import { refund, settle } from "./settle";
import { createState, type LimiterState } from "./state";
import { bucketSizeMs } from "./window";

const HOUR = 3_600_000;

type Op =
  | { kind: "wait"; ms: number }
  | { kind: "reserve"; cost: Cost }
  | { kind: "settle"; pick: number; cost: Cost }
  | { kind: "refund"; pick: number }
  | { kind: "expire"; timeoutMs: number }
  | { kind: "gift"; requests: number; tokens: number }
  | { kind: "reset"; metrics: Metric[] };

/** One admitted request in the reference log. */
interface Entry {
  id: string;
  atMs: number;
  gifted: { requests: number; tokens: number };
  /** Counted per metric, after gifts (index = position in METRICS). */
  charged: number[];
  /** Metrics zeroed by a reset: later settles leave them at 0. */
  detached: boolean[];
  open: boolean;
}

function chargedOf(cost: Cost, giftedRequests: number, giftedTokens: number): number[] {
  const tokens = cost.inputTokens + cost.outputTokens;
  const giftedInput = Math.min(giftedTokens, cost.inputTokens);
  const giftedCost =
    giftedTokens === 0 ? 0 : Math.floor((cost.costMicroUsd * giftedTokens) / tokens);
  return [
    cost.requests - giftedRequests,
    tokens - giftedTokens,
    cost.inputTokens - giftedInput,
    cost.outputTokens - (giftedTokens - giftedInput),
    cost.costMicroUsd - giftedCost,
  ];
}

class Reference {
  entries: Entry[] = [];
  gift = { requests: 0, tokens: 0 };

  /** Sum of a metric over entries in `(nowMs - lengthMs, nowMs]` (or a calendar hour). */
  used(rule: Rule, nowMs: number, extraMs: number): number {
    const metric = METRICS.indexOf(rule.metric);
    const from =
      rule.window.kind === "rolling"
        ? nowMs - rule.window.durationMs - extraMs + 1
        : nowMs - (nowMs % HOUR);
    let sum = 0;
    for (const entry of this.entries) {
      if (entry.atMs >= from && entry.atMs <= nowMs) sum += entry.charged[metric] as number;
    }
    return sum;
  }

  draw(cost: Cost): { requests: number; tokens: number } {
    return {
      requests: Math.min(this.gift.requests, cost.requests),
      tokens: Math.min(this.gift.tokens, cost.inputTokens + cost.outputTokens),
    };
  }

  settle(id: string, cost: Cost): boolean {
    const entry = this.entries.find((e) => e.id === id && e.open);
    if (entry === undefined) return false;
    entry.open = false;
    this.gift.requests += entry.gifted.requests;
    this.gift.tokens += entry.gifted.tokens;
    const gifted = this.draw(cost);
    this.gift.requests -= gifted.requests;
    this.gift.tokens -= gifted.tokens;
    entry.gifted = gifted;
    const charged = chargedOf(cost, gifted.requests, gifted.tokens);
    entry.charged = charged.map((amount, m) => (entry.detached[m] ? 0 : amount));
    return true;
  }
}

function blocks(limit: number, used: number, amount: number, raw: number): boolean {
  return used + amount > limit && (amount > 0 || raw === 0);
}

const costArb = fc.record({
  requests: fc.integer({ min: 0, max: 2 }),
  inputTokens: fc.integer({ min: 0, max: 800 }),
  outputTokens: fc.integer({ min: 0, max: 800 }),
  costMicroUsd: fc.integer({ min: 0, max: 5_000 }),
});

const ruleArb = fc
  .record({
    metric: fc.constantFrom<Metric>(
      "requests",
      "tokens",
      "input_tokens",
      "output_tokens",
      "cost_micro_usd",
    ),
    durationMs: fc.constantFrom(1_000, 1_500, 5_000, 7_001, 10_000, 59_999, 60_000, 3_600_000, 0),
    scale: fc.integer({ min: 1, max: 10 }),
    odd: fc.integer({ min: 0, max: 2 }),
  })
  .map(({ metric, durationMs, scale, odd }): Omit<Rule, "id"> => {
    const unit = metric === "requests" ? 1 : metric === "cost_micro_usd" ? 2_000 : 300;
    return {
      metric,
      window:
        durationMs === 0 ? { kind: "calendar", unit: "hour" } : { kind: "rolling", durationMs },
      limit: scale * unit + odd,
      scope: {},
    };
  });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .oneof(
        fc.constant(0),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 3_000 }),
        fc.integer({ min: 1, max: 90_000 }),
      )
      .map((ms): Op => ({ kind: "wait", ms })),
  },
  { weight: 8, arbitrary: costArb.map((cost): Op => ({ kind: "reserve", cost })) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.nat(), costArb)
      .map(([pick, cost]): Op => ({ kind: "settle", pick, cost })),
  },
  { weight: 1, arbitrary: fc.nat().map((pick): Op => ({ kind: "refund", pick })) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1_000, max: 60_000 })
      .map((timeoutMs): Op => ({ kind: "expire", timeoutMs })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        requests: fc.integer({ min: 0, max: 3 }),
        tokens: fc.integer({ min: 0, max: 600 }),
      })
      .map((gift): Op => ({ kind: "gift", ...gift })),
  },
  {
    weight: 1,
    arbitrary: fc
      .subarray<Metric>(["requests", "tokens", "input_tokens", "output_tokens", "cost_micro_usd"], {
        minLength: 1,
      })
      .map((metrics): Op => ({ kind: "reset", metrics })),
  },
);

const clone = (state: LimiterState) => JSON.parse(JSON.stringify(state)) as LimiterState;

function run(ruleSpecs: Omit<Rule, "id">[], startMs: number, ops: Op[]): void {
  const rules: Rule[] = ruleSpecs.map((spec, i) => ({ ...spec, id: `rule${i}` }));
  const applicable = selectRules(rules, {});
  const ref = new Reference();
  const state = createState();
  let nowMs = startMs;
  let next = 0;

  for (const op of ops) {
    switch (op.kind) {
      case "wait":
        nowMs += op.ms;
        break;
      case "gift":
        addGift(state, op);
        ref.gift.requests += op.requests;
        ref.gift.tokens += op.tokens;
        break;
      case "reset":
        resetPeriod(state, op.metrics, nowMs);
        for (const entry of ref.entries) {
          for (const metric of op.metrics) {
            const m = METRICS.indexOf(metric);
            entry.charged[m] = 0;
            entry.detached[m] = true;
          }
        }
        break;
      case "expire": {
        const { expired } = expireReservations(state, nowMs, op.timeoutMs);
        const expected = ref.entries.filter((e) => e.open && e.atMs + op.timeoutMs <= nowMs);
        for (const entry of expected) entry.open = false;
        expect(expired).toEqual(expected.map((e) => e.id));
        break;
      }
      case "settle":
      case "refund": {
        const open = ref.entries.filter((e) => e.open);
        // Now and then an id that is not open (settled before, or never reserved).
        const id =
          open.length === 0 || op.pick % 7 === 0
            ? `r${op.pick % (next + 1)}`
            : (open[op.pick % open.length] as Entry).id;
        const cost: Cost =
          op.kind === "settle"
            ? op.cost
            : { requests: 0, inputTokens: 0, outputTokens: 0, costMicroUsd: 0 };
        const done =
          op.kind === "settle"
            ? settle(state, id, cost, nowMs).settled
            : refund(state, id, nowMs).refunded;
        expect(done).toBe(ref.settle(id, cost));
        break;
      }
      case "reserve": {
        const id = `r${next++}`;
        const { decision } = checkAndReserve(
          state,
          rules,
          { reservationId: id, cost: op.cost },
          nowMs,
        );
        const gifted = ref.draw(op.cost);
        const charged = chargedOf(op.cost, gifted.requests, gifted.tokens);
        const raw = chargedOf(op.cost, 0, 0);
        let exactlyBlocked = false;
        let leniently = false;
        let exceeds = false;
        applicable.forEach((rule, i) => {
          const m = METRICS.indexOf(rule.metric);
          const amount = charged[m] as number;
          const limit = rule.limit as number;
          const bucketMs =
            rule.window.kind === "rolling" ? bucketSizeMs(rule.window.durationMs) : 1;
          const exact = ref.used(rule, nowMs, 0);
          const lenient = ref.used(rule, nowMs, bucketMs - 1);
          if (blocks(limit, exact, amount, raw[m] as number)) exactlyBlocked = true;
          if (blocks(limit, lenient, amount, raw[m] as number)) leniently = true;
          if (amount > limit) exceeds = true;
          const usage = decision.rules[i];
          expect(usage?.id).toBe(rule.id);
          expect(usage?.requested).toBe(amount);
          const before = (usage?.used ?? 0) - (decision.allowed ? amount : 0);
          expect(before).toBeGreaterThanOrEqual(exact);
          expect(before).toBeLessThanOrEqual(lenient);
        });
        expect(decision.rules).toHaveLength(applicable.length);

        if (decision.allowed) {
          // Zero over-admission: every rule, window ending now, this request included.
          expect(exactlyBlocked).toBe(false);
          ref.gift.requests -= gifted.requests;
          ref.gift.tokens -= gifted.tokens;
          expect(state.gift).toEqual(ref.gift);
          ref.entries.push({
            id,
            atMs: nowMs,
            gifted,
            charged,
            detached: METRICS.map(() => false),
            open: true,
          });
        } else {
          // Under-admission within one bucket: the reference denies too with windows one
          // bucket longer.
          expect(leniently).toBe(true);
          expect(decision.reason).toBe(exceeds ? "exceeds_limit" : "limit");
          if (decision.reason === "limit") {
            // retryAfterMs is exact for the limiter: one ms earlier it still denies.
            const wait = decision.retryAfterMs as number;
            expect(wait).toBeGreaterThan(0);
            const probe = { reservationId: "probe", cost: op.cost };
            expect(
              checkAndReserve(clone(state), rules, probe, nowMs + wait - 1).decision.allowed,
            ).toBe(false);
            expect(checkAndReserve(clone(state), rules, probe, nowMs + wait).decision.allowed).toBe(
              true,
            );
          } else {
            expect(decision.retryAfterMs).toBeNull();
          }
        }
        break;
      }
    }
  }
}

describe("checkAndReserve against an exact reference", () => {
  it("never admits over a limit, and denies at most one bucket early", () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { minLength: 1, maxLength: 4 }),
        // Start a little before an hour boundary so calendar hours roll over during a run.
        fc.integer({ min: 0, max: 10 * 60_000 }),
        fc.array(opArb, { minLength: 1, maxLength: 150, size: "max" }),
        (ruleSpecs, beforeHourMs, ops) => {
          run(ruleSpecs, Date.UTC(2026, 10, 24, 11) - beforeHourMs, ops);
        },
      ),
      { numRuns: 400 },
    );
  }, 30_000);

  it("holds under bursts: many requests in the same millisecond and bucket", () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { minLength: 1, maxLength: 3 }),
        fc.array(
          fc.oneof(
            { weight: 10, arbitrary: costArb.map((cost): Op => ({ kind: "reserve", cost })) },
            {
              weight: 1,
              arbitrary: fc.integer({ min: 1, max: 400 }).map((ms): Op => ({ kind: "wait", ms })),
            },
          ),
          { minLength: 1, maxLength: 200, size: "max" },
        ),
        (ruleSpecs, ops) => {
          run(ruleSpecs, Date.UTC(2026, 10, 24, 10, 59, 59), ops);
        },
      ),
      { numRuns: 150 },
    );
  }, 30_000);
});
