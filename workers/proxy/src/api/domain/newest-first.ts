import { and, desc, eq, lt, lte, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { validationError } from "../http/validation-hook";

/** The columns a newest-first list is ordered by: creation time (epoch ms), then id. */
export interface NewestFirstColumns {
  createdAt: SQLiteColumn;
  id: SQLiteColumn;
}

function parseCursor(cursor: string): { createdAt: number; id: string } {
  const match = /^(\d+):([A-Za-z0-9_]+)$/.exec(cursor);
  if (!match?.[1] || !match[2])
    throw validationError([{ param: "query.cursor", message: "is not a cursor of this list" }]);
  return { createdAt: Number(match[1]), id: match[2] };
}

/**
 * Keyset pagination, newest first: rows of one instant are ordered by id, so a page boundary
 * never skips or repeats one. The cursor is `<createdAt>:<id>` of the last row of a page.
 */
export const newestFirst = {
  /** The rows after `cursor`, for the `where` clause. */
  after(columns: NewestFirstColumns, cursor: string): SQL {
    const last = parseCursor(cursor);
    // The `lte` adds nothing to the `or`, but SQLite can seek an index on (…, created_at, id) to
    // it, where it would otherwise walk every newer row to reach the page.
    return and(
      lte(columns.createdAt, last.createdAt),
      or(
        lt(columns.createdAt, last.createdAt),
        and(eq(columns.createdAt, last.createdAt), lt(columns.id, last.id)),
      ),
    ) as SQL;
  },
  orderBy(columns: NewestFirstColumns): SQL[] {
    return [desc(columns.createdAt), desc(columns.id)];
  },
  /** Cuts the `limit + 1` rows a query fetched into a page and the cursor of the next one. */
  page<T extends { createdAt: number; id: string }>(rows: T[], limit: number) {
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      page,
      nextCursor: rows.length > limit && last ? `${last.createdAt}:${last.id}` : null,
    };
  },
};
