import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { insertedAtMs, updatedAtMs } from "./columns";

/** Dashboard accounts. Passwords are PBKDF2 (WebCrypto); only hash, salt and iterations are kept. */
export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    /** Normalized (trimmed, lower-cased) before it is written or looked up. */
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    passwordSalt: text("password_salt").notNull(),
    passwordIterations: integer("password_iterations").notNull(),
    createdAt: insertedAtMs("created_at"),
    updatedAt: updatedAtMs("updated_at"),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);
