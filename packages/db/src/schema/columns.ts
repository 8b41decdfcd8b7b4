import { sql } from "drizzle-orm";
import { integer } from "drizzle-orm/sqlite-core";

/**
 * SQL default for epoch-ms columns, so rows written outside drizzle (seeds, `wrangler d1 execute`)
 * get a time too. Drizzle itself fills the value in JS (`$defaultFn`), which callers can override.
 */
const nowMsSql = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/** Epoch ms, set on insert. */
export function insertedAtMs(name: string) {
  return integer(name)
    .notNull()
    .default(nowMsSql)
    .$defaultFn(() => Date.now());
}

/** Epoch ms, set on insert and by every drizzle `update()` that does not set it itself. */
export function updatedAtMs(name: string) {
  return insertedAtMs(name).$onUpdateFn(() => Date.now());
}
