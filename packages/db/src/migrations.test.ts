import { readdirSync, readFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";

const dir = new URL("../../../migrations/", import.meta.url);
const files = readdirSync(dir)
  .filter((name) => name.endsWith(".sql"))
  .sort();

function apply(sqlite: DatabaseSync, file: string): void {
  for (const statement of readFileSync(new URL(file, dir), "utf8").split(
    "--> statement-breakpoint",
  )) {
    sqlite.exec(statement);
  }
}

describe("migrations after the first", () => {
  it("never drop a table others reference (D1 would run the cascades of its rows)", () => {
    const all = files.map((file) => readFileSync(new URL(file, dir), "utf8")).join("\n");
    const parents = new Set([...all.matchAll(/REFERENCES `(\w+)`/g)].map((m) => m[1]));
    expect(parents).toContain("projects");
    for (const file of files.slice(1)) {
      const sql = readFileSync(new URL(file, dir), "utf8");
      for (const [, table] of sql.matchAll(/DROP TABLE `(\w+)`/g)) {
        expect(parents.has(table), `${file} drops ${table}`).toBe(false);
      }
    }
  });

  it("keep the rows written before them: 0001 adds upstream_errors = 0 to existing rollups", () => {
    const sqlite = new DatabaseSync(":memory:");
    sqlite.exec("PRAGMA foreign_keys = ON");
    apply(sqlite, "0000_init.sql");
    sqlite.exec(`
      INSERT INTO users (id, email, password_hash, password_salt, password_iterations)
        VALUES ('u1', 'a@example.com', 'h', 's', 600000);
      INSERT INTO projects (id, owner_id, slug, name) VALUES ('p1', 'u1', 'demo', 'Demo');
      INSERT INTO tiers (id, project_id, name) VALUES ('t1', 'p1', 'free');
      INSERT INTO usage_rollups (project_id, identity, model, hour_start, requests, denied)
        VALUES ('p1', 'alice', 'gpt-4o', 0, 7, 2);
    `);
    for (const file of files.slice(1)) apply(sqlite, file);
    const row = sqlite
      .prepare("SELECT requests, denied, upstream_errors AS errors FROM usage_rollups")
      .get();
    expect({ ...row }).toEqual({ requests: 7, denied: 2, errors: 0 });
    expect({ ...sqlite.prepare("SELECT count(*) AS n FROM tiers").get() }).toEqual({ n: 1 });
  });
});
