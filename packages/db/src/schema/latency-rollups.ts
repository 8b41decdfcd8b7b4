import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { projects } from "./projects";

/**
 * Hourly upstream-latency histogram per project, flushed by the LimiterDOs with the usage rollups.
 * Buckets are `LATENCY_BUCKET_BOUNDS_MS` of `@floodgate/metering`; writes add to the existing
 * counts (see `buildLatencyRollupUpserts`).
 */
export const latencyRollups = sqliteTable(
  "latency_rollups",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** Epoch ms of the start of the UTC hour. */
    hourStart: integer("hour_start").notNull(),
    /** Inclusive upper bound of the bucket, ms. */
    bucketLeMs: integer("bucket_le_ms").notNull(),
    /** Requests whose latency fell in the bucket. */
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.hourStart, t.bucketLeMs] })],
);
