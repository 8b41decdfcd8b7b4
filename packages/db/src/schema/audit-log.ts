import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { auditActorTypes } from "../enums";
import { insertedAtMs } from "./columns";
import { projects } from "./projects";

/** Every mutation: who, what, when. Never secrets, prompts or completions. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    /** Null for account-level events; set to null when the project is deleted, keeping the trail. */
    projectId: text("project_id").references(() => projects.id, { onDelete: "set null" }),
    actorType: text("actor_type", { enum: auditActorTypes }).notNull(),
    /** User id, project key id, or a name for `system` (e.g. `cron`). */
    actorId: text("actor_id").notNull(),
    /** `<target>.<verb>`, e.g. `tier.update`. */
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    /** Null for work not started by a request (alarms, cron). */
    requestId: text("request_id"),
    /** Before/after of the changed fields, secrets redacted. */
    diff: text("diff", { mode: "json" }).$type<unknown>(),
    createdAt: insertedAtMs("created_at"),
  },
  (t) => [index("audit_log_project_id_created_at_idx").on(t.projectId, t.createdAt)],
);
