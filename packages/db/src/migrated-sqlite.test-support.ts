import { readdirSync, readFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";

/**
 * Test support (Node only): an in-memory SQLite with every `migrations/*.sql` applied and project
 * `p1` (owner `u1`) inserted. D1 is SQLite, so statements built here can be run as D1 would.
 */
export function migratedSqlite(): DatabaseSync {
  const sqlite = new DatabaseSync(":memory:");
  sqlite.exec("PRAGMA foreign_keys = ON");
  const dir = new URL("../../../migrations/", import.meta.url);
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith(".sql"))
    .sort()) {
    for (const statement of readFileSync(new URL(file, dir), "utf8").split(
      "--> statement-breakpoint",
    )) {
      sqlite.exec(statement);
    }
  }
  sqlite.exec(`
    INSERT INTO users (id, email, password_hash, password_salt, password_iterations)
      VALUES ('u1', 'a@example.com', 'h', 's', 600000);
    INSERT INTO projects (id, owner_id, slug, name) VALUES ('p1', 'u1', 'demo', 'Demo');
  `);
  return sqlite;
}

/** Runs built statements (anything with drizzle's `.toSQL()`) one by one. */
export function runStatements(
  sqlite: DatabaseSync,
  statements: readonly { toSQL(): { sql: string; params: unknown[] } }[],
): void {
  for (const statement of statements) {
    const { sql, params } = statement.toSQL();
    sqlite.prepare(sql).run(...(params as (string | number)[]));
  }
}
