import {
  type AnySQLiteColumn,
  index,
  integer,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { insertedAtMs } from "./columns";
import { users } from "./users";

/**
 * Opaque refresh tokens, stored as SHA-256 hashes. Each rotation inserts a new token in the same
 * family and marks the old one revoked and `replacedBy` the new one; presenting such a token again
 * is reuse, and revokes the whole family. A token revoked with no `replacedBy` belongs to a session
 * that ended (logout, password change, a family revoked for reuse).
 */
export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    familyId: text("family_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** Epoch ms. */
    expiresAt: integer("expires_at").notNull(),
    /** Epoch ms; null while the token is usable. */
    revokedAt: integer("revoked_at"),
    replacedBy: text("replaced_by").references((): AnySQLiteColumn => refreshTokens.id, {
      onDelete: "set null",
    }),
    createdAt: insertedAtMs("created_at"),
  },
  (t) => [
    uniqueIndex("refresh_tokens_token_hash_unique").on(t.tokenHash),
    index("refresh_tokens_user_id_idx").on(t.userId),
    index("refresh_tokens_family_id_idx").on(t.familyId),
  ],
);
