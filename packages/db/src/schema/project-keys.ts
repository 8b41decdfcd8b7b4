import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { projectKeyKinds } from "../enums";
import { insertedAtMs } from "./columns";
import { projects } from "./projects";

/** A project's `pk_…` (publishable) and `sk_…` (secret) keys. The key itself is never stored. */
export const projectKeys = sqliteTable(
  "project_keys",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: projectKeyKinds }).notNull(),
    /** SHA-256 hex of the full key; every cold request looks the key up by it. */
    keyHash: text("key_hash").notNull(),
    /** For display, e.g. `pk_live_ab…`. */
    prefix: text("prefix").notNull(),
    last4: text("last4").notNull(),
    createdAt: insertedAtMs("created_at"),
    /** Epoch ms; null while the key is valid. */
    revokedAt: integer("revoked_at"),
  },
  (t) => [
    uniqueIndex("project_keys_key_hash_unique").on(t.keyHash),
    index("project_keys_project_id_idx").on(t.projectId),
  ],
);
