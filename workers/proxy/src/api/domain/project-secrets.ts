import { type Db, type ProjectSecret, type ProjectSecretKind, projectSecrets } from "@floodgate/db";
import { and, eq, isNull } from "drizzle-orm";
import { sealSecret } from "../../crypto/secret-box";
import type { Actor } from "../auth/actor";
import { newId } from "../crypto/random-token";
import { commitChange } from "./commit";

function active(projectId: string, kind: ProjectSecretKind, provider: string | null) {
  return and(
    eq(projectSecrets.projectId, projectId),
    eq(projectSecrets.kind, kind),
    provider === null ? isNull(projectSecrets.provider) : eq(projectSecrets.provider, provider),
    isNull(projectSecrets.revokedAt),
  );
}

/**
 * Stores a secret encrypted (AES-256-GCM under the master key) and revokes the one it replaces,
 * in one batch. The plaintext is never stored, logged or audited; only its last 4 characters.
 */
export async function storeSecret(
  db: Db,
  input: {
    masterKey: string;
    projectId: string;
    kind: ProjectSecretKind;
    provider: string | null;
    plaintext: string;
    actor: Actor;
    requestId: string | null;
  },
): Promise<ProjectSecret> {
  const sealed = await sealSecret(input.masterKey, input.plaintext);
  const now = Date.now();
  const row: ProjectSecret = {
    id: newId("sec"),
    projectId: input.projectId,
    kind: input.kind,
    provider: input.provider,
    ciphertext: sealed.ciphertext,
    iv: sealed.iv,
    last4: input.plaintext.slice(-4),
    createdAt: now,
    revokedAt: null,
  };
  await commitChange(db, {
    statements: [
      db
        .update(projectSecrets)
        .set({ revokedAt: now })
        .where(active(input.projectId, input.kind, input.provider)),
      db.insert(projectSecrets).values(row),
    ],
    audit: {
      projectId: input.projectId,
      actor: input.actor,
      action: input.kind === "provider_key" ? "provider_key.set" : "signing_secret.rotate",
      targetType: input.kind,
      targetId: row.id,
      requestId: input.requestId,
      diff: { after: { provider: row.provider, last4: row.last4 } },
    },
    configOf: input.projectId,
  });
  return row;
}

/** Revokes the active secret of a kind (and provider); false when there was none. */
export async function revokeSecret(
  db: Db,
  input: {
    projectId: string;
    kind: ProjectSecretKind;
    provider: string | null;
    actor: Actor;
    requestId: string | null;
  },
): Promise<boolean> {
  const [current] = await db
    .select({ id: projectSecrets.id })
    .from(projectSecrets)
    .where(active(input.projectId, input.kind, input.provider));
  if (!current) return false;
  await commitChange(db, {
    statements: [
      db
        .update(projectSecrets)
        .set({ revokedAt: Date.now() })
        .where(eq(projectSecrets.id, current.id)),
    ],
    audit: {
      projectId: input.projectId,
      actor: input.actor,
      action: `${input.kind}.revoke`,
      targetType: input.kind,
      targetId: current.id,
      requestId: input.requestId,
      diff: { before: { provider: input.provider } },
    },
    configOf: input.projectId,
  });
  return true;
}

/** The active provider keys of a project: provider and last 4 only. */
export async function listProviderKeys(db: Db, projectId: string) {
  const rows = await db
    .select({
      id: projectSecrets.id,
      provider: projectSecrets.provider,
      last4: projectSecrets.last4,
      createdAt: projectSecrets.createdAt,
    })
    .from(projectSecrets)
    .where(
      and(
        eq(projectSecrets.projectId, projectId),
        eq(projectSecrets.kind, "provider_key"),
        isNull(projectSecrets.revokedAt),
      ),
    );
  return rows.map((r) => ({ ...r, provider: r.provider ?? "" }));
}
