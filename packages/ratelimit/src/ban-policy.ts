/**
 * The abuse shield's policy for one client IP, as a pure function of its record and the clock:
 * up to `maxFailures` failed authentications (unknown keys, bad identity tokens) per rolling
 * `windowMs`; the next one bans the IP for `baseBanMs × 2^(n-1)`, n being its ban count, which
 * is forgotten after `forgiveAfterMs` without a ban.
 */
export interface BanPolicy {
  /** Failures tolerated per window. Default 20. */
  maxFailures: number;
  /** Window of the failure count, ms. Default 60 000. */
  windowMs: number;
  /** First ban, ms. Default 5 minutes. */
  baseBanMs: number;
  /** Longest ban, ms. Default 24 hours. */
  maxBanMs: number;
  /** Quiet time after which the ban count resets, ms. Default 24 hours. */
  forgiveAfterMs: number;
}

export const defaultBanPolicy: BanPolicy = {
  maxFailures: 20,
  windowMs: 60_000,
  baseBanMs: 5 * 60_000,
  maxBanMs: 24 * 3_600_000,
  forgiveAfterMs: 24 * 3_600_000,
};

export interface ShieldRecord {
  /** Failure times within the window, epoch ms, ascending. */
  failures: number[];
  /** Bans so far (since the last forgiveness). */
  bans: number;
  /** Epoch ms; 0 when not banned. */
  bannedUntil: number;
  /** Epoch ms of the last ban's start; 0 if never. */
  lastBanAt: number;
}

export const emptyShieldRecord = (): ShieldRecord => ({
  failures: [],
  bans: 0,
  bannedUntil: 0,
  lastBanAt: 0,
});

/** Records a failure; returns the ban end (epoch ms) when the IP is (now) banned, else 0. */
export function recordFailure(
  record: ShieldRecord,
  nowMs: number,
  policy: BanPolicy = defaultBanPolicy,
): number {
  if (record.bannedUntil > nowMs) return record.bannedUntil;
  if (record.lastBanAt > 0 && nowMs - record.lastBanAt >= policy.forgiveAfterMs) record.bans = 0;
  const since = nowMs - policy.windowMs;
  record.failures = record.failures.filter((t) => t > since);
  record.failures.push(nowMs);
  if (record.failures.length <= policy.maxFailures) return 0;
  record.bans += 1;
  const banMs = Math.min(policy.maxBanMs, policy.baseBanMs * 2 ** (record.bans - 1));
  record.bannedUntil = nowMs + banMs;
  record.lastBanAt = nowMs;
  record.failures = [];
  return record.bannedUntil;
}

/** Ban end (epoch ms) if the IP is banned now, else 0. */
export function bannedUntil(record: ShieldRecord, nowMs: number): number {
  return record.bannedUntil > nowMs ? record.bannedUntil : 0;
}
