import { describe, expect, it } from "vitest";
import { checkAndReserve } from "./check-and-reserve";
import { DEFAULT_RESERVATION_TIMEOUT_MS, expireReservations } from "./expire-reservations";
import type { Rule } from "./rule";
import { settle } from "./settle";
import { createState, MAX_PENDING_RESERVATIONS } from "./state";

const T0 = Date.UTC(2026, 10, 24, 10);
const rules: Rule[] = [
  {
    id: "rpd",
    metric: "requests",
    window: { kind: "calendar", unit: "day" },
    limit: 5_000,
    scope: {},
  },
];
const cost = { requests: 1, inputTokens: 10, outputTokens: 10, costMicroUsd: 1 };

describe("expireReservations", () => {
  it("drops reservations older than the timeout and keeps their estimate counted", () => {
    const state = createState();
    checkAndReserve(state, rules, { reservationId: "old", cost }, T0);
    checkAndReserve(state, rules, { reservationId: "new", cost }, T0 + 60_000);
    checkAndReserve(
      state,
      rules,
      { reservationId: "older", cost: { ...cost, costMicroUsd: 5 } },
      T0,
    );
    const { expired, closed } = expireReservations(state, T0 + 90_000, 60_000);
    expect(expired).toEqual(["old", "older"]);
    expect(closed.map(({ id, atMs, model, cost }) => ({ id, atMs, model, cost }))).toEqual([
      { id: "old", atMs: T0, model: null, cost },
      { id: "older", atMs: T0, model: null, cost: { ...cost, costMicroUsd: 5 } },
    ]);
    expect(state.pending.map((r) => r.id)).toEqual(["new"]);
    expect(settle(state, "old", { ...cost, requests: 0 }, T0 + 90_000).settled).toBe(false);
    const slot = Object.values(state.slots)[0];
    expect(slot?.kind === "calendar" && slot.used).toBe(3);
  });

  it("uses a 15-minute timeout by default", () => {
    expect(DEFAULT_RESERVATION_TIMEOUT_MS).toBe(900_000);
    const state = createState();
    checkAndReserve(state, rules, { reservationId: "a", cost }, T0);
    expect(expireReservations(state, T0 + 899_999).expired).toEqual([]);
    expect(expireReservations(state, T0 + 900_000).expired).toEqual(["a"]);
  });

  it("keeps at most MAX_PENDING_RESERVATIONS open: the oldest goes first, and is reported", () => {
    const state = createState();
    const evicted: (string | undefined)[] = [];
    for (let i = 0; i <= MAX_PENDING_RESERVATIONS; i++) {
      const result = checkAndReserve(state, rules, { reservationId: `r${i}`, cost }, T0 + i);
      evicted.push(result.evicted?.id);
    }
    expect(state.pending).toHaveLength(MAX_PENDING_RESERVATIONS);
    expect(state.pending[0]?.id).toBe("r1");
    // Only the last reservation made room, closing r0 with its estimate (the caller counts it).
    expect(evicted.filter((id) => id !== undefined)).toEqual(["r0"]);
    const last = checkAndReserve(state, rules, { reservationId: "late", cost }, T0 + 2_000);
    expect(last.evicted).toMatchObject({ id: "r1", atMs: T0 + 1, cost });
  });
});
