/** Snapshot served by `GET /__mock/stats`. */
export interface RequestStats {
  /** Requests handled since start or the last reset (health checks and `/__mock/*` excluded). */
  requests: number;
  /** The same count per request path (`/v1/chat/completions`, `/v1/models/gpt-4o`, …). */
  byPath: Record<string, number>;
}

/**
 * Counts requests in isolate memory. Good enough for `wrangler dev` and tests, which run one
 * isolate; a deployed worker has many isolates, each with its own count.
 */
export class RequestCounter {
  #requests = 0;
  #byPath = new Map<string, number>();

  record(path: string): void {
    this.#requests += 1;
    this.#byPath.set(path, (this.#byPath.get(path) ?? 0) + 1);
  }

  snapshot(): RequestStats {
    return { requests: this.#requests, byPath: Object.fromEntries(this.#byPath) };
  }

  reset(): void {
    this.#requests = 0;
    this.#byPath.clear();
  }
}

/** The isolate's one counter, shared by the counting middleware and the `/__mock` routes. */
export const requestCounter = new RequestCounter();
