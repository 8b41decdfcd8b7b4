import { auditLog, type Db } from "@floodgate/db";
import type { Actor } from "../auth/actor";
import { newId } from "../crypto/random-token";
import type { Statement } from "./batch";
import { redact } from "./redact";

/** One mutation, as the audit log records it. */
export interface AuditEvent {
  /** Null for account-level events. */
  projectId: string | null;
  actor: Actor;
  /** `<target>.<verb>`, e.g. `tier.update`. */
  action: string;
  targetType: string;
  targetId: string;
  requestId: string | null;
  /** Before/after of what changed; redacted again here, whatever the caller passed. */
  diff?: unknown;
}

/** The insert for one audit entry, to run in the same batch as the mutation it records. */
export function auditStatement(db: Db, event: AuditEvent): Statement {
  return db.insert(auditLog).values({
    id: newId("aud"),
    projectId: event.projectId,
    actorType: event.actor.type,
    actorId: event.actor.id,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    requestId: event.requestId,
    diff: event.diff === undefined ? null : redact(event.diff),
  });
}
