import { ApiError } from "@floodgate/contracts";
import { describe, expect, it } from "vitest";
import {
  assertNotBanned,
  failedAuthentication,
  knownBanCount,
  MAX_KNOWN_BANS,
} from "../../src/shield/abuse-shield";
import type { ShieldDO } from "../../src/shield/shield-do";

/** A shield whose every address is banned until `untilMs`. */
function shieldBanningUntil(untilMs: number) {
  return {
    getByName: () => ({ fail: async () => ({ bannedUntil: untilMs }) }),
  } as unknown as DurableObjectNamespace<ShieldDO>;
}

const failure = ApiError.unauthorized("Unknown project key.", "invalid_project_key");

describe("the bans an isolate remembers", () => {
  it("stay at most MAX_KNOWN_BANS, forgetting ended bans first, then the oldest", async () => {
    const now = 1_000_000;
    // Bans that ended by `now + 10`, then bans still running.
    const ended = shieldBanningUntil(now + 5);
    for (let i = 0; i < MAX_KNOWN_BANS - 10; i++) {
      await failedAuthentication(ended, `198.18.${i >> 8}.${i & 255}`, failure, now);
    }
    const running = shieldBanningUntil(now + 600_000);
    for (let i = 0; i < 20; i++) {
      await failedAuthentication(running, `203.0.113.${i}`, failure, now + 10);
    }
    // The first ban past the limit swept every ended one.
    expect(knownBanCount()).toBe(20);
    for (let i = 0; i < MAX_KNOWN_BANS; i++) {
      await failedAuthentication(running, `198.19.${i >> 8}.${i & 255}`, failure, now + 10);
    }
    expect(knownBanCount()).toBe(MAX_KNOWN_BANS);
    // The oldest running bans made room; the newest are still answered without asking the shield.
    expect(() => assertNotBanned("203.0.113.0", now + 20)).not.toThrow();
    expect(() => assertNotBanned("198.19.0.5", now + 20)).toThrow(ApiError);
  });
});
