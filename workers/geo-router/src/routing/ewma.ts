/** An exponentially weighted moving average of latency, and when it was last updated. */
export interface Ewma {
  valueMs: number;
  /** Epoch ms of the last sample. */
  at: number;
}

export interface EwmaOptions {
  /** Milliseconds over which an old average loses ~63 % of its say. Default 10 000. */
  decayMs?: number;
  /** Smallest weight a new sample gets, so bursts within one millisecond still count. Default 0.1. */
  minAlpha?: number;
}

/**
 * Folds one sample into a time-decayed EWMA: the longer since the last sample, the more the new
 * one counts (`alpha = 1 - e^(-Δt/decay)`, at least `minAlpha`). The first sample is the average.
 */
export function updateEwma(
  previous: Ewma | null,
  sampleMs: number,
  now: number,
  options: EwmaOptions = {},
): Ewma {
  if (!previous) return { valueMs: sampleMs, at: now };
  const decayMs = options.decayMs ?? 10_000;
  const minAlpha = options.minAlpha ?? 0.1;
  const elapsed = Math.max(0, now - previous.at);
  const alpha = Math.min(1, Math.max(minAlpha, 1 - Math.exp(-elapsed / decayMs)));
  return {
    valueMs: previous.valueMs + alpha * (sampleMs - previous.valueMs),
    at: Math.max(now, previous.at),
  };
}
