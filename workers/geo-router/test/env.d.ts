declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** Three mock-origin workers, one per region (vitest.config.ts). */
    MOCK_EU: Fetcher;
    MOCK_US: Fetcher;
    MOCK_AP: Fetcher;
    /** The controllable origin (test/fixtures/control-origin.js). */
    CTL: Fetcher;
    /** `http://127.0.0.1:<port>`: an echoing origin reached over the network (vitest.config.ts). */
    NETWORK_ORIGIN: string;
  }
}

/** A file's text, imported with Vite's `?raw` suffix (e.g. the deploy config in tests). */
declare module "*?raw" {
  const text: string;
  export default text;
}
