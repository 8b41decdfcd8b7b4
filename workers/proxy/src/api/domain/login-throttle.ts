import { auditLog, type Db } from "@floodgate/db";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { newId } from "../crypto/random-token";

/** Failed logins allowed per account within {@link LOGIN_WINDOW_MS}. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/** Failed logins allowed per client IP within {@link LOGIN_WINDOW_MS}. */
export const MAX_FAILURES_PER_IP = 20;
/** The sliding window failures count in: 15 minutes. */
export const LOGIN_WINDOW_MS = 15 * 60_000;

const FAILED = "auth.login_failed";

export type ThrottleVerdict =
  | { allowed: true }
  | { allowed: false; retryAfterMs: number; scope: "account" | "ip" };

/**
 * Login throttling, kept in the audit log itself: each failed login is an `auth.login_failed`
 * entry (actor `ip:<address>`, target the e-mail tried), and an attempt is refused while the
 * account or the IP has too many of them in the last 15 minutes. D1 is shared by every isolate,
 * so the count is global; a burst of parallel attempts may overshoot by the attempts in flight.
 */
export async function loginVerdict(
  db: Db,
  attempt: { email: string; ip: string },
  nowMs = Date.now(),
): Promise<ThrottleVerdict> {
  const actor = `ip:${attempt.ip}`;
  const [row] = await db
    .select({
      accountFailures: sql<number>`coalesce(sum(case when ${auditLog.targetId} = ${attempt.email} then 1 else 0 end), 0)`,
      accountOldest: sql<
        number | null
      >`min(case when ${auditLog.targetId} = ${attempt.email} then ${auditLog.createdAt} end)`,
      ipFailures: sql<number>`coalesce(sum(case when ${auditLog.actorId} = ${actor} then 1 else 0 end), 0)`,
      ipOldest: sql<
        number | null
      >`min(case when ${auditLog.actorId} = ${actor} then ${auditLog.createdAt} end)`,
    })
    .from(auditLog)
    .where(
      and(
        isNull(auditLog.projectId),
        eq(auditLog.action, FAILED),
        gt(auditLog.createdAt, nowMs - LOGIN_WINDOW_MS),
      ),
    );
  if (!row) return { allowed: true };
  const retryAfter = (oldest: number | null) =>
    Math.max(1_000, (oldest ?? nowMs) + LOGIN_WINDOW_MS - nowMs);
  if (row.accountFailures >= MAX_FAILURES_PER_ACCOUNT) {
    return { allowed: false, retryAfterMs: retryAfter(row.accountOldest), scope: "account" };
  }
  if (row.ipFailures >= MAX_FAILURES_PER_IP) {
    return { allowed: false, retryAfterMs: retryAfter(row.ipOldest), scope: "ip" };
  }
  return { allowed: true };
}

/** Records a failed login (never the password tried). */
export async function recordLoginFailure(
  db: Db,
  attempt: { email: string; ip: string },
  requestId: string | null,
  nowMs = Date.now(),
): Promise<void> {
  await db.insert(auditLog).values({
    id: newId("aud"),
    projectId: null,
    actorType: "system",
    actorId: `ip:${attempt.ip}`,
    action: FAILED,
    targetType: "account",
    targetId: attempt.email,
    requestId,
    diff: null,
    createdAt: nowMs,
  });
}
