import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { insertedAtMs } from "./columns";
import { originPools } from "./origin-pools";

export const origins = sqliteTable(
  "origins",
  {
    id: text("id").primaryKey(),
    poolId: text("pool_id")
      .notNull()
      .references(() => originPools.id, { onDelete: "cascade" }),
    /** Base URL requests are forwarded to, e.g. `https://eu-1.api.example.com`. */
    url: text("url").notNull(),
    /** Relative share for the `weighted` strategy. Default 1. */
    weight: real("weight").notNull().default(1),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    createdAt: insertedAtMs("created_at"),
  },
  (t) => [index("origins_pool_id_idx").on(t.poolId)],
);
