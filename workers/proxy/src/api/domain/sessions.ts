import { type Db, refreshTokens, users } from "@floodgate/db";
import { and, eq, isNull, sql } from "drizzle-orm";
import { sha256Hex } from "../../crypto/sha256";
import { constantTimeEqual } from "../crypto/constant-time";
import { newId, randomBase62 } from "../crypto/random-token";
import { auditStatement } from "./audit";
import { runBatch } from "./batch";

/** Lifetime of a refresh token, in ms (30 days); each rotation starts a new one. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3_600_000;

export interface IssuedRefreshToken {
  /** The opaque token, shown to the client once; only its SHA-256 is stored. */
  token: string;
  familyId: string;
  /** Epoch ms. */
  expiresAt: number;
}

function newRefreshToken(): string {
  return `rt_${randomBase62(32)}`;
}

/** Starts a session: a new refresh-token family for the user. */
export async function startSession(db: Db, userId: string, nowMs = Date.now()) {
  const token = newRefreshToken();
  const familyId = newId("ses");
  const expiresAt = nowMs + REFRESH_TOKEN_TTL_MS;
  await db.insert(refreshTokens).values({
    id: newId("rtk"),
    userId,
    familyId,
    tokenHash: await sha256Hex(token),
    expiresAt,
  });
  return { token, familyId, expiresAt } satisfies IssuedRefreshToken;
}

export type Rotation =
  | { ok: true; userId: string; issued: IssuedRefreshToken }
  | { ok: false; reason: "unknown" | "expired" | "reused" | "ended" };

function liveInFamily(familyId: string) {
  return and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt));
}

function revokeFamily(db: Db, familyId: string, nowMs: number) {
  return db.update(refreshTokens).set({ revokedAt: nowMs }).where(liveInFamily(familyId));
}

/**
 * Revokes a family on reuse, in one batch with its audit entry (`session.reuse_detected`, target
 * the session, actor the user it belongs to). A family already ended (logout, password change, an
 * earlier reuse) has nothing left to revoke and gets no entry, so presenting an old token again and
 * again does not grow the log.
 */
async function revokeReusedFamily(
  db: Db,
  familyId: string,
  requestId: string | null,
  nowMs: number,
): Promise<void> {
  const [live] = await db
    .select({ userId: refreshTokens.userId, email: users.email })
    .from(refreshTokens)
    .innerJoin(users, eq(users.id, refreshTokens.userId))
    .where(liveInFamily(familyId))
    .limit(1);
  if (!live) return;
  await runBatch(db, [
    revokeFamily(db, familyId, nowMs),
    auditStatement(db, {
      projectId: null,
      actor: { type: "user", id: live.userId, email: live.email },
      action: "session.reuse_detected",
      targetType: "session",
      targetId: familyId,
      requestId,
    }),
  ]);
}

/**
 * Trades a refresh token for a new one of the same family. A token that was already rotated
 * (revoked with a `replacedBy`) is reuse: someone holds a stolen copy, so the whole family (the
 * session, and every access token tied to it) is revoked and the audit log says so. A token
 * revoked without a successor belongs to a session that ended (logout, password change, a family
 * revoked for reuse): `ended`.
 */
export async function rotateRefreshToken(
  db: Db,
  token: string,
  requestId: string | null,
  nowMs = Date.now(),
): Promise<Rotation> {
  const hash = await sha256Hex(token);
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hash));
  if (!row || !constantTimeEqual(row.tokenHash, hash)) return { ok: false, reason: "unknown" };
  if (row.revokedAt !== null) {
    if (row.replacedBy === null) return { ok: false, reason: "ended" };
    await revokeReusedFamily(db, row.familyId, requestId, nowMs);
    return { ok: false, reason: "reused" };
  }
  if (row.expiresAt <= nowMs) return { ok: false, reason: "expired" };
  const next = newRefreshToken();
  const nextId = newId("rtk");
  const expiresAt = nowMs + REFRESH_TOKEN_TTL_MS;
  // One batch, so a token is never seen revoked without its successor (that would read as an
  // ended session): the new token is copied from the old row only while that one is live, then
  // the old one is claimed. Of two racing rotations, only one claims it; the other is reuse.
  const live = and(eq(refreshTokens.id, row.id), isNull(refreshTokens.revokedAt));
  const [, claimed] = await db.batch([
    db.insert(refreshTokens).select(
      db
        .select({
          id: sql<string>`${nextId}`.as("id"),
          userId: refreshTokens.userId,
          familyId: refreshTokens.familyId,
          tokenHash: sql<string>`${await sha256Hex(next)}`.as("token_hash"),
          expiresAt: sql<number>`${expiresAt}`.as("expires_at"),
          revokedAt: sql<null>`null`.as("revoked_at"),
          replacedBy: sql<null>`null`.as("replaced_by"),
          createdAt: sql<number>`${nowMs}`.as("created_at"),
        })
        .from(refreshTokens)
        .where(live),
    ),
    db
      .update(refreshTokens)
      .set({ revokedAt: nowMs, replacedBy: nextId })
      .where(live)
      .returning({ id: refreshTokens.id }),
  ]);
  if (claimed.length === 0) {
    await revokeReusedFamily(db, row.familyId, requestId, nowMs);
    return { ok: false, reason: "reused" };
  }
  return {
    ok: true,
    userId: row.userId,
    issued: { token: next, familyId: row.familyId, expiresAt },
  };
}

/** Ends every session of a user (a password change): each access token stops working at once. */
export function revokeAllSessions(db: Db, userId: string, nowMs = Date.now()) {
  return db
    .update(refreshTokens)
    .set({ revokedAt: nowMs })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

/** Ends the session a refresh token belongs to; false when the token is unknown. */
export async function endSession(db: Db, token: string, nowMs = Date.now()) {
  const hash = await sha256Hex(token);
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hash));
  if (!row || !constantTimeEqual(row.tokenHash, hash)) return null;
  await revokeFamily(db, row.familyId, nowMs);
  return { userId: row.userId, familyId: row.familyId };
}
