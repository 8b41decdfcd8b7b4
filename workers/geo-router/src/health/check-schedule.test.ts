import { describe, expect, it } from "vitest";
import {
  CHECK_LEASE_SLACK_MS,
  checkLeaseMs,
  checkRoundOffsets,
  isCheckDue,
} from "./check-schedule";

describe("check schedule", () => {
  it("runs one round per tick for intervals of a minute or more", () => {
    expect(checkRoundOffsets(60_000)).toEqual([0]);
    expect(checkRoundOffsets(300_000)).toEqual([0]);
  });

  it("runs several rounds per tick for shorter intervals", () => {
    expect(checkRoundOffsets(15_000)).toEqual([0, 15_000, 30_000, 45_000]);
    expect(checkRoundOffsets(25_000)).toEqual([0, 25_000, 50_000]);
  });

  it("skips ticks until a long interval is over, tolerating cron jitter", () => {
    expect(isCheckDue(null, 300_000, 0)).toBe(true);
    expect(isCheckDue(0, 300_000, 240_000)).toBe(false);
    expect(isCheckDue(0, 300_000, 295_000)).toBe(true);
    expect(isCheckDue(0, 60_000, 1)).toBe(true);
  });

  it("a tick whose time is already checked (delivered again, or late) is not due", () => {
    expect(isCheckDue(120_000, 60_000, 120_000)).toBe(false);
    // A pool with rounds every 15 s recorded up to 45 s past its tick.
    expect(isCheckDue(45_000, 15_000, 0)).toBe(false);
    expect(isCheckDue(45_000, 15_000, 60_000)).toBe(true);
  });

  it("leases a pool for a run's next round: the wait for it and its probes", () => {
    expect(checkLeaseMs({ intervalMs: 60_000, timeoutMs: 5_000 })).toBe(
      5_000 + CHECK_LEASE_SLACK_MS,
    );
    expect(checkLeaseMs({ intervalMs: 15_000, timeoutMs: 5_000 })).toBe(
      15_000 + 5_000 + CHECK_LEASE_SLACK_MS,
    );
  });
});
