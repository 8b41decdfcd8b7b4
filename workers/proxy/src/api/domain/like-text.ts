import { type Column, type SQL, sql } from "drizzle-orm";

/** `LIKE` patterns that match the text as given: its `%`, `_` and `\` stand for themselves. */
function escaped(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** The column contains the text (ASCII letters in any case, as `LIKE` compares). */
export function containsText(column: Column, text: string): SQL {
  return sql`${column} like ${`%${escaped(text)}%`} escape '\\'`;
}

/** The column starts with the text (ASCII letters in any case, as `LIKE` compares). */
export function startsWithText(column: Column, text: string): SQL {
  return sql`${column} like ${`${escaped(text)}%`} escape '\\'`;
}
