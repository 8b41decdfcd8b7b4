import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { CalendarUnit, LimitMetric, WindowKind } from "../enums";
import { insertedAtMs, updatedAtMs } from "./columns";
import { projects } from "./projects";

/** One identity-specific rule; it takes precedence over every tier and model rule. */
export interface IdentityOverride {
  /** Glob on the model name; null: every model. */
  modelPattern: string | null;
  metric: LimitMetric;
  windowKind: WindowKind;
  /** Rolling windows only, in ms. */
  windowMs: number | null;
  calendarUnit: CalendarUnit | null;
  timeZone: string | null;
  /** Null: unlimited. */
  limitValue: number | null;
}

/**
 * Mirror of each LimiterDO's identity state, written by the DO so the management API can list and
 * filter identities. The DO is the authority; never decide a limit from this table.
 */
export const identities = sqliteTable(
  "identities",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** The app's user id, 1–256 printable characters. */
    identity: text("identity").notNull(),
    /** Tier name; null: the project default. */
    tier: text("tier"),
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
    /** Epoch ms; unlimited until then. */
    promoUntil: integer("promo_until"),
    /** Gifted requests left, spent before the regular allowance. */
    giftRequests: integer("gift_requests").notNull().default(0),
    /** Gifted tokens left, spent before the regular allowance. */
    giftTokens: integer("gift_tokens").notNull().default(0),
    overrides: text("overrides", { mode: "json" })
      .$type<IdentityOverride[]>()
      .notNull()
      .default([]),
    firstSeenAt: insertedAtMs("first_seen_at"),
    lastSeenAt: insertedAtMs("last_seen_at"),
    updatedAt: updatedAtMs("updated_at"),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.identity] }),
    index("identities_project_id_tier_idx").on(t.projectId, t.tier),
    index("identities_project_id_last_seen_at_idx").on(t.projectId, t.lastSeenAt),
  ],
);
