/** Throws unless `nowMs` is a plausible epoch-ms timestamp: a bad clock would corrupt counters. */
export function assertNow(nowMs: number): void {
  if (!(nowMs >= 0 && Number.isSafeInteger(nowMs))) {
    throw new RangeError("nowMs must be an integer epoch-ms timestamp ≥ 0");
  }
}
