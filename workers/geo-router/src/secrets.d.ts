// Secrets are set with `wrangler secret put`, so `wrangler types` does not see them.
declare namespace Cloudflare {
  interface Env {
    /** Optional. When set, `GET /stats` requires `Authorization: Bearer <STATS_TOKEN>`. */
    STATS_TOKEN?: string;
  }
}
