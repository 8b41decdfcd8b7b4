import type { Db } from "@floodgate/db";
import { type AuditEvent, auditStatement } from "./audit";
import { runBatch, type Statement } from "./batch";
import { bumpConfigVersion, forgetCachedConfig } from "./config-version";

export interface Change {
  statements: Statement[];
  audit: AuditEvent;
  /** Set when the change touches what the hot path caches: bumps the version stamp. */
  configOf?: string;
}

/** Applies a mutation, its audit entry and (if asked) the version bump in one atomic batch. */
export async function commitChange(db: Db, change: Change): Promise<void> {
  const statements = [...change.statements, auditStatement(db, change.audit)];
  if (change.configOf !== undefined) statements.push(bumpConfigVersion(db, change.configOf));
  await runBatch(db, statements);
  if (change.configOf !== undefined) forgetCachedConfig(change.configOf);
}
