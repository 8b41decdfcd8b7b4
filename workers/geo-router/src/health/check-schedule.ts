/** How often the Cron Trigger fires (`* * * * *`), ms. */
export const CRON_PERIOD_MS = 60_000;

/**
 * Offsets (ms after the cron tick) of the check rounds one tick runs: one round when the interval
 * is a minute or more, several spaced by the interval when it is shorter.
 */
export function checkRoundOffsets(intervalMs: number, periodMs: number = CRON_PERIOD_MS): number[] {
  if (intervalMs >= periodMs) return [0];
  const offsets: number[] = [];
  for (let at = 0; at < periodMs; at += intervalMs) offsets.push(at);
  return offsets;
}

/**
 * Whether a pool is due at the tick scheduled for `now`: not when a check at or after that time is
 * already recorded (the same tick delivered twice, or late), else always for intervals of a minute
 * or less, and for longer ones once the interval is over. Cron ticks jitter, so a check a little
 * early (up to 10 % of the cron period) still counts as on time.
 */
export function isCheckDue(
  lastCheckAt: number | null,
  intervalMs: number,
  now: number,
  periodMs: number = CRON_PERIOD_MS,
): boolean {
  if (lastCheckAt === null) return true;
  if (now <= lastCheckAt) return false;
  if (intervalMs <= periodMs) return true;
  return now - lastCheckAt >= intervalMs - periodMs / 10;
}

/** Margin a run's lease has beyond its next round: RPC round trips, a slow isolate. */
export const CHECK_LEASE_SLACK_MS = 10_000;

/**
 * How long a run of checks may hold its pool before another run may start, renewed by every round
 * it records: long enough for the wait until its next round and that round's probes. A run that
 * dies without letting go blocks the pool's checks no longer than this.
 */
export function checkLeaseMs(
  monitor: { intervalMs: number; timeoutMs: number },
  periodMs: number = CRON_PERIOD_MS,
): number {
  const untilNextRound =
    checkRoundOffsets(monitor.intervalMs, periodMs).length > 1 ? monitor.intervalMs : 0;
  return untilNextRound + monitor.timeoutMs + CHECK_LEASE_SLACK_MS;
}
