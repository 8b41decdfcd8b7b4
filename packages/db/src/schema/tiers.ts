import { sql } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { insertedAtMs, updatedAtMs } from "./columns";
import { projects } from "./projects";

export const tiers = sqliteTable(
  "tiers",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** What `x-tier`, identity tokens and identity records name. */
    name: text("name").notNull(),
    description: text("description"),
    /** At most one per project. To move it, clear the old one first (in the same batch). */
    isDefault: integer("is_default", { mode: "boolean" }).notNull().default(false),
    /** Display order, ascending. Default 0. */
    position: integer("position").notNull().default(0),
    createdAt: insertedAtMs("created_at"),
    updatedAt: updatedAtMs("updated_at"),
  },
  (t) => [
    uniqueIndex("tiers_project_id_name_unique").on(t.projectId, t.name),
    uniqueIndex("tiers_project_id_default_unique").on(t.projectId).where(sql`${t.isDefault} = 1`),
  ],
);
