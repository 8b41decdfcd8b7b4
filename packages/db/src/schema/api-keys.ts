import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { insertedAtMs } from "./columns";
import { projects } from "./projects";

/** Consumer API keys (`fg_…`) for the generic gateway `/gw/:slug/*`. Only the hash is stored. */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** SHA-256 hex of the full key. */
    keyHash: text("key_hash").notNull(),
    /** For display, e.g. `fg_ab12…`. */
    prefix: text("prefix").notNull(),
    name: text("name").notNull(),
    /** Tier name the key's calls are limited under. */
    tier: text("tier").notNull(),
    /** Identity the key's usage counts against; null: the key's own id. */
    identity: text("identity"),
    /** Epoch ms; null: never expires. */
    expiresAt: integer("expires_at"),
    /** Epoch ms; set while blocked (reversible, unlike `revokedAt`). */
    blockedAt: integer("blocked_at"),
    revokedAt: integer("revoked_at"),
    lastUsedAt: integer("last_used_at"),
    createdAt: insertedAtMs("created_at"),
  },
  (t) => [
    uniqueIndex("api_keys_key_hash_unique").on(t.keyHash),
    index("api_keys_project_id_idx").on(t.projectId),
    // A project's keys newest first (`GET …/api-keys`): pages read in index order, no sort.
    index("api_keys_project_id_created_at_id_idx").on(t.projectId, t.createdAt, t.id),
  ],
);
