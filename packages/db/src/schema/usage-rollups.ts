import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { projects } from "./projects";

/**
 * Hourly usage per (project, identity, model), flushed by the LimiterDO in batches. Writes add to
 * the existing counts (see `buildUsageRollupUpserts`).
 */
export const usageRollups = sqliteTable(
  "usage_rollups",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    identity: text("identity").notNull(),
    /** `''` when the request had no model (e.g. the generic gateway). */
    model: text("model").notNull().default(""),
    /** Epoch ms of the start of the UTC hour. */
    hourStart: integer("hour_start").notNull(),
    /** Admitted requests. */
    requests: integer("requests").notNull().default(0),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    /** Millionths of a US dollar. */
    costMicroUsd: integer("cost_micro_usd").notNull().default(0),
    /** Denied requests (they consumed nothing). */
    denied: integer("denied").notNull().default(0),
    /**
     * Admitted requests the upstream failed: timed out, unreachable, or answered 5xx. On `/v1`
     * they are refunded (not in `requests`); the gateway passes an origin's 5xx on and counts it.
     */
    upstreamErrors: integer("upstream_errors").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.identity, t.model, t.hourStart] }),
    index("usage_rollups_project_id_hour_start_idx").on(t.projectId, t.hourStart),
  ],
);
