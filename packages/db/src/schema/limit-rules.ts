import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { calendarUnits, limitMetrics, windowKinds } from "../enums";
import { insertedAtMs, updatedAtMs } from "./columns";
import { projects } from "./projects";
import { tiers } from "./tiers";

/**
 * A project's limits: scope (tier and/or model pattern) × metric × window × limit.
 * Precedence between rules is `@floodgate/ratelimit`'s business; identity overrides live on
 * `identities.overrides`.
 */
export const limitRules = sqliteTable(
  "limit_rules",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** Null: the rule applies to every tier (project default). */
    tierId: text("tier_id").references(() => tiers.id, { onDelete: "cascade" }),
    /** Glob on the model name, e.g. `gpt-4*`; null: every model. */
    modelPattern: text("model_pattern"),
    metric: text("metric", { enum: limitMetrics }).notNull(),
    windowKind: text("window_kind", { enum: windowKinds }).notNull(),
    /** Rolling windows only: the window length in ms. */
    windowMs: integer("window_ms"),
    /** Calendar windows only. */
    calendarUnit: text("calendar_unit", { enum: calendarUnits }),
    /** IANA zone for calendar windows; null: the project's zone, else UTC. */
    timeZone: text("time_zone"),
    /** In units of `metric`; null: unlimited. */
    limitValue: integer("limit_value"),
    createdAt: insertedAtMs("created_at"),
    updatedAt: updatedAtMs("updated_at"),
  },
  (t) => [
    index("limit_rules_project_id_idx").on(t.projectId),
    index("limit_rules_tier_id_idx").on(t.tierId),
  ],
);
