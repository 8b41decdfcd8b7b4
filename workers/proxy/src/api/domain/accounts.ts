import { type Db, type User, users } from "@floodgate/db";
import { eq } from "drizzle-orm";
import { hashPassword, UNKNOWN_ACCOUNT_HASH, verifyPassword } from "../crypto/password";
import { newId } from "../crypto/random-token";
import { auditStatement } from "./audit";
import { runBatch } from "./batch";
import { revokeAllSessions } from "./sessions";
import { isUniqueViolation } from "./unique-violation";

/** E-mails are stored and looked up trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type Registration = { ok: true; user: User } | { ok: false; reason: "email_taken" };

export async function registerUser(
  db: Db,
  input: { email: string; password: string },
  requestId: string | null,
): Promise<Registration> {
  const email = normalizeEmail(input.email);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing) return { ok: false, reason: "email_taken" };
  const password = await hashPassword(input.password);
  const user: User = {
    id: newId("usr"),
    email,
    passwordHash: password.hash,
    passwordSalt: password.salt,
    passwordIterations: password.iterations,
    createdAt: Date.now(),
    updatedAt: Date.now(),
  };
  try {
    await runBatch(db, [
      db.insert(users).values(user),
      auditStatement(db, {
        projectId: null,
        actor: { type: "user", id: user.id, email },
        action: "user.register",
        targetType: "user",
        targetId: user.id,
        requestId,
        diff: { after: { email } },
      }),
    ]);
  } catch (err) {
    // Two registrations raced past the check: the unique index decides.
    if (isUniqueViolation(err)) return { ok: false, reason: "email_taken" };
    throw err;
  }
  return { ok: true, user };
}

/**
 * The user with this e-mail and password, or null. Costs one PBKDF2 run whether or not the
 * account exists, so timing does not tell which e-mails are registered.
 */
export async function checkCredentials(
  db: Db,
  input: { email: string; password: string },
): Promise<User | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(input.email)));
  const stored = user
    ? { hash: user.passwordHash, salt: user.passwordSalt, iterations: user.passwordIterations }
    : UNKNOWN_ACCOUNT_HASH;
  const ok = await verifyPassword(input.password, stored);
  return ok && user ? user : null;
}

/**
 * Sets a new password and ends every session of the user (their own included) in one batch with
 * its audit entry: whoever held a stolen session or password is out at once.
 */
export async function changePassword(
  db: Db,
  user: Pick<User, "id" | "email">,
  newPassword: string,
  requestId: string | null,
): Promise<void> {
  const password = await hashPassword(newPassword);
  const now = Date.now();
  await runBatch(db, [
    db
      .update(users)
      .set({
        passwordHash: password.hash,
        passwordSalt: password.salt,
        passwordIterations: password.iterations,
        updatedAt: now,
      })
      .where(eq(users.id, user.id)),
    revokeAllSessions(db, user.id, now),
    auditStatement(db, {
      projectId: null,
      actor: { type: "user", id: user.id, email: user.email },
      action: "user.password_change",
      targetType: "user",
      targetId: user.id,
      requestId,
    }),
  ]);
}
