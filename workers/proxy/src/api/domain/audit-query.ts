import { auditLog, type Db } from "@floodgate/db";
import { and, desc, eq, gte, lt, or, type SQL } from "drizzle-orm";
import { validationError } from "../http/validation-hook";
import { startsWithText } from "./like-text";

export interface AuditQuery {
  projectId?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  action?: string | undefined;
  actorId?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

function parseCursor(cursor: string): { createdAt: number; id: string } {
  const match = /^(\d+):([A-Za-z0-9_]+)$/.exec(cursor);
  if (!match?.[1] || !match[2])
    throw validationError([{ param: "query.cursor", message: "is not a cursor of this list" }]);
  return { createdAt: Number(match[1]), id: match[2] };
}

/** A page of the audit log, newest first (keyset pagination on time, then id). */
export async function queryAudit(db: Db, query: AuditQuery) {
  const conditions: SQL[] = [];
  if (query.projectId !== undefined) conditions.push(eq(auditLog.projectId, query.projectId));
  if (query.from !== undefined) conditions.push(gte(auditLog.createdAt, query.from));
  if (query.to !== undefined) conditions.push(lt(auditLog.createdAt, query.to));
  if (query.action !== undefined) {
    // A prefix matches as given: `api_key.` finds `api_key.create`.
    conditions.push(
      query.action.endsWith(".")
        ? startsWithText(auditLog.action, query.action)
        : eq(auditLog.action, query.action),
    );
  }
  if (query.actorId !== undefined) conditions.push(eq(auditLog.actorId, query.actorId));
  if (query.targetType !== undefined) conditions.push(eq(auditLog.targetType, query.targetType));
  if (query.targetId !== undefined) conditions.push(eq(auditLog.targetId, query.targetId));
  if (query.cursor !== undefined) {
    const after = parseCursor(query.cursor);
    const older = or(
      lt(auditLog.createdAt, after.createdAt),
      and(eq(auditLog.createdAt, after.createdAt), lt(auditLog.id, after.id)),
    );
    if (older) conditions.push(older);
  }
  const rows = await db
    .select()
    .from(auditLog)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    entries: page.map((r) => ({ ...r, diff: r.diff ?? null })),
    nextCursor: rows.length > query.limit && last ? `${last.createdAt}:${last.id}` : null,
  };
}
