/**
 * A duration in OpenAI's rate-limit header format: `20ms`, `1s`, `1.5s`, `6m0s`, `1h2m3s`.
 * Rounds up to the millisecond below one second and to the second above one minute.
 */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, Math.ceil(ms));
  if (safe < 1000) return `${safe}ms`;
  if (safe < 60_000) return `${Number((safe / 1000).toFixed(3))}s`;
  let seconds = Math.ceil(safe / 1000);
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  return hours > 0 ? `${hours}h${minutes}m${seconds}s` : `${minutes}m${seconds}s`;
}
