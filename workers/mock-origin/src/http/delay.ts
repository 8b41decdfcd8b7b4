/** Resolves after `ms` milliseconds; 0 resolves without scheduling a timer. */
export function delay(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms));
}
