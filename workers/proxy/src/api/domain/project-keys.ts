import { type Db, type ProjectKey, type ProjectKeyKind, projectKeys } from "@floodgate/db";
import { and, eq, isNull } from "drizzle-orm";
import type { Actor } from "../auth/actor";
import { newId } from "../crypto/random-token";
import { commitChange } from "./commit";
import { mintKey } from "./mint-key";

export function projectKeyView(key: ProjectKey) {
  return {
    id: key.id,
    kind: key.kind,
    prefix: key.prefix,
    last4: key.last4,
    createdAt: key.createdAt,
    revokedAt: key.revokedAt,
  };
}

export async function listProjectKeys(db: Db, projectId: string): Promise<ProjectKey[]> {
  const rows = await db.select().from(projectKeys).where(eq(projectKeys.projectId, projectId));
  return rows.sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * Issues a new key of `kind`. With `replace`, every active key of that kind is revoked in the
 * same batch (rotating the publishable key).
 */
export async function issueProjectKey(
  db: Db,
  input: {
    projectId: string;
    kind: ProjectKeyKind;
    replace: boolean;
    actor: Actor;
    requestId: string | null;
  },
) {
  const minted = await mintKey(input.kind === "publishable" ? "pk" : "sk");
  const now = Date.now();
  const row: ProjectKey = {
    id: newId("key"),
    projectId: input.projectId,
    kind: input.kind,
    keyHash: minted.hash,
    prefix: minted.prefix,
    last4: minted.last4,
    createdAt: now,
    revokedAt: null,
  };
  const statements = [];
  if (input.replace) {
    statements.push(
      db
        .update(projectKeys)
        .set({ revokedAt: now })
        .where(
          and(
            eq(projectKeys.projectId, input.projectId),
            eq(projectKeys.kind, input.kind),
            isNull(projectKeys.revokedAt),
          ),
        ),
    );
  }
  statements.push(db.insert(projectKeys).values(row));
  await commitChange(db, {
    statements,
    audit: {
      projectId: input.projectId,
      actor: input.actor,
      action: input.replace ? `${input.kind}_key.rotate` : `${input.kind}_key.create`,
      targetType: "project_key",
      targetId: row.id,
      requestId: input.requestId,
      diff: { after: { kind: row.kind, prefix: row.prefix, last4: row.last4 } },
    },
    configOf: input.projectId,
  });
  return { ...projectKeyView(row), key: minted.key };
}
