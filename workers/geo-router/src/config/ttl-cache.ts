type Entry<T> = { value: T; loadedAt: number } | { pending: Promise<T> };

/**
 * A small isolate-memory cache: a value is fresh for `ttlMs` after it was loaded (clock and TTL
 * passed in on every read, so a shorter TTL takes effect at once), concurrent misses share one
 * load, and a failed load is not cached. The load is handed the expired value it replaces, so a
 * loader can fall back to it when the fresh one turns out unusable.
 */
export class TtlCache<T> {
  readonly #entries = new Map<string, Entry<T>>();

  async get(
    key: string,
    now: number,
    ttlMs: number,
    load: (expired: T | undefined) => Promise<T>,
  ): Promise<T> {
    const entry = this.#entries.get(key);
    if (entry) {
      if ("pending" in entry) return entry.pending;
      if (now - entry.loadedAt < ttlMs) return entry.value;
    }
    const pending = load(entry?.value).then(
      (value) => {
        this.set(key, value, now);
        return value;
      },
      (err: unknown) => {
        this.#entries.delete(key);
        throw err;
      },
    );
    this.#entries.set(key, { pending });
    return pending;
  }

  /** Stores a fresher value than the cache has (e.g. a snapshot a write just returned). */
  set(key: string, value: T, now: number): void {
    this.#entries.set(key, { value, loadedAt: now });
  }

  /** The cached value if present and fresh, without loading. */
  peek(key: string, now: number, ttlMs: number): T | undefined {
    const entry = this.#entries.get(key);
    return entry && !("pending" in entry) && now - entry.loadedAt < ttlMs ? entry.value : undefined;
  }
}
