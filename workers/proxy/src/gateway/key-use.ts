import { apiKeys, type Db } from "@floodgate/db";
import { eq } from "drizzle-orm";

/** `last_used_at` is written at most this often per key and isolate. */
const WRITE_EVERY_MS = 60_000;
const lastWritten = new Map<string, number>();

/** Records that a key was used, without a D1 write per request. */
export async function noteKeyUse(db: Db, keyId: string, nowMs: number): Promise<void> {
  const previous = lastWritten.get(keyId);
  if (previous !== undefined && nowMs - previous < WRITE_EVERY_MS) return;
  if (lastWritten.size > 10_000) lastWritten.clear();
  lastWritten.set(keyId, nowMs);
  await db.update(apiKeys).set({ lastUsedAt: nowMs }).where(eq(apiKeys.id, keyId));
}
