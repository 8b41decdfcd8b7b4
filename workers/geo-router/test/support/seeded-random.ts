/** mulberry32: a small deterministic PRNG, so distribution tests never flake. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Share of each id among `picks`. */
export function shares(picks: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const id of picks) counts[id] = (counts[id] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).map(([id, n]) => [id, n / picks.length]));
}
