import type { Db } from "@floodgate/db";
import type { BatchItem } from "drizzle-orm/batch";

/** A statement for `db.batch`. */
export type Statement = BatchItem<"sqlite">;

/** Runs statements in one atomic D1 batch (D1 has no interactive transactions). */
export async function runBatch(db: Db, statements: Statement[]): Promise<void> {
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}
