// `wrangler types` only declares the main module when the worker has Durable Objects; the
// tests call `exports.default.fetch`, so declare it here for typing.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("../src/index");
  }
}
