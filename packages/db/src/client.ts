import { type AnyD1Database, type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

/**
 * `AnyD1Database` is drizzle's own name for the binding: `D1Database` wherever
 * `@cloudflare/workers-types` is loaded (the workers), so this package needs no Cloudflare types.
 */
export type D1Binding = AnyD1Database;

/** The typed database; `db.query.<table>` works for every table in `./schema`. */
export type Db = DrizzleD1Database<typeof schema>;

/** Wraps the `DB` binding: builds drizzle's table maps, so make one per request that queries, not per request. */
export function createDb(d1: D1Binding): Db {
  return drizzle(d1, { schema });
}
