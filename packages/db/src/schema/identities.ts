import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { insertedAtMs, updatedAtMs } from "./columns";
import { projects } from "./projects";

/**
 * One identity-specific rule, as the limiter (`@floodgate/ratelimit`'s `Rule`) holds it: id,
 * metric, window, limit, scope. Kept as plain JSON here; the LimiterDO is its authority.
 */
export type IdentityOverride = Record<string, unknown>;

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
