import { type Db, type ProjectKey, projectKeys } from "@floodgate/db";
import { and, eq, isNull } from "drizzle-orm";
import { sha256Hex } from "../../crypto/sha256";
import { constantTimeEqual } from "../crypto/constant-time";

/** The active secret key (`sk_…`) a token is, or null. Looked up by SHA-256, compared in constant time. */
export async function activeSecretKey(db: Db, token: string): Promise<ProjectKey | null> {
  if (!token.startsWith("sk_")) return null;
  const keyHash = await sha256Hex(token);
  const [key] = await db
    .select()
    .from(projectKeys)
    .where(
      and(
        eq(projectKeys.keyHash, keyHash),
        eq(projectKeys.kind, "secret"),
        isNull(projectKeys.revokedAt),
      ),
    )
    .limit(1);
  return key && constantTimeEqual(key.keyHash, keyHash) ? key : null;
}
