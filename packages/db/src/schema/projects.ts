import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { insertedAtMs, updatedAtMs } from "./columns";
import { users } from "./users";

export const projects = sqliteTable(
  "projects",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** URL-safe, globally unique; the `:slug` in `/gw/:slug/*`. */
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    /**
     * Upstream, periods, time zone, messages, signed-identity policy… Validated with zod by the
     * workers, so it stays untyped here.
     */
    settings: text("settings", { mode: "json" })
      .$type<Record<string, unknown>>()
      .notNull()
      .default({}),
    /**
     * Bumped on every change to the project's config (settings, keys, tiers, rules): the version
     * stamp of the hot path's in-isolate cache. Default 1.
     */
    configVersion: integer("config_version").notNull().default(1),
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
    createdAt: insertedAtMs("created_at"),
    updatedAt: updatedAtMs("updated_at"),
  },
  (t) => [
    uniqueIndex("projects_slug_unique").on(t.slug),
    index("projects_owner_id_idx").on(t.ownerId),
  ],
);
