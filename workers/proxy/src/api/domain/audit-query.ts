import { auditLog, type Db } from "@floodgate/db";
import { and, eq, gte, lt, type SQL } from "drizzle-orm";
import { startsWithText } from "./like-text";
import { newestFirst } from "./newest-first";

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
  if (query.cursor !== undefined) conditions.push(newestFirst.after(auditLog, query.cursor));
  const rows = await db
    .select()
    .from(auditLog)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(...newestFirst.orderBy(auditLog))
    .limit(query.limit + 1);
  const { page, nextCursor } = newestFirst.page(rows, query.limit);
  return { entries: page.map((r) => ({ ...r, diff: r.diff ?? null })), nextCursor };
}
