import { describe, expect, it } from "vitest";
import { bannedUntil, defaultBanPolicy, emptyShieldRecord, recordFailure } from "./ban-policy";

const t0 = 1_800_000_000_000;
const minute = 60_000;

function fail(times: number, record = emptyShieldRecord(), at = t0): number {
  let until = 0;
  for (let i = 0; i < times; i++) until = recordFailure(record, at + i);
  return until;
}

describe("ban policy", () => {
  it("tolerates maxFailures per window, bans on the next one for the base duration", () => {
    const record = emptyShieldRecord();
    expect(fail(20, record)).toBe(0);
    const until = recordFailure(record, t0 + 20);
    expect(until).toBe(t0 + 20 + defaultBanPolicy.baseBanMs);
    expect(bannedUntil(record, t0 + 21)).toBe(until);
    expect(bannedUntil(record, until)).toBe(0);
  });

  it("forgets failures older than the window", () => {
    const record = emptyShieldRecord();
    fail(20, record);
    expect(recordFailure(record, t0 + minute + 1)).toBe(0);
  });

  it("doubles the ban on each repeat offence, up to the maximum", () => {
    const record = emptyShieldRecord();
    let at = t0;
    const bans: number[] = [];
    for (let offence = 0; offence < 12; offence++) {
      let until = 0;
      while (until === 0) until = recordFailure(record, at++);
      bans.push(until - (at - 1));
      at = until;
    }
    expect(bans.slice(0, 4)).toEqual([5, 10, 20, 40].map((m) => m * minute));
    expect(Math.max(...bans)).toBe(defaultBanPolicy.maxBanMs);
  });

  it("answers a banned address with the ban's end, without counting more", () => {
    const record = emptyShieldRecord();
    const until = fail(21, record);
    expect(recordFailure(record, t0 + 1_000)).toBe(until);
    expect(record.bans).toBe(1);
  });

  it("forgives the ban count after a quiet day", () => {
    const record = emptyShieldRecord();
    fail(21, record);
    const later = t0 + defaultBanPolicy.forgiveAfterMs + 1;
    const until = fail(21, record, later);
    expect(until - (later + 20)).toBe(defaultBanPolicy.baseBanMs);
  });
});
